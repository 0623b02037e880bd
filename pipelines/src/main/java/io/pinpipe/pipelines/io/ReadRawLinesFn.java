package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Splits one landing object into records ({@link LandingObjectLines}), each with its source {@code
 * file:<path>#<line>} (1-based). Lines are decoded strictly: a line that is not valid UTF-8 becomes
 * a record with a read error (and a best-effort payload), never a silent replacement.
 */
final class ReadRawLinesFn extends DoFn<FileIO.ReadableFile, RawRecord> {
  private static final long serialVersionUID = 1L;

  private final TableSpec table;

  ReadRawLinesFn(TableSpec table) {
    this.table = table;
  }

  @ProcessElement
  public void process(@Element FileIO.ReadableFile file, OutputReceiver<RawRecord> out)
      throws IOException {
    String source = "file:" + file.getMetadata().resourceId() + "#";
    try (InputStream in = Channels.newInputStream(file.open())) {
      LandingObjectLines.split(
          in,
          (lineNumber, line) -> out.output(RawRecords.fromUtf8(table, source + lineNumber, line)));
    }
  }
}
