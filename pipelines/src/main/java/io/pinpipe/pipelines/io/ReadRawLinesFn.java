package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Splits one landing object into records, one per {@code \n}-terminated line, each with its
 * source {@code file:<path>#<line>} (1-based). Lines are decoded strictly: a line that is not valid
 * UTF-8 becomes a record with a read error (and a best-effort payload), never a silent replacement.
 */
final class ReadRawLinesFn extends DoFn<FileIO.ReadableFile, RawRecord> {
  private static final long serialVersionUID = 1L;

  private final Table table;

  ReadRawLinesFn(Table table) {
    this.table = table;
  }

  @ProcessElement
  public void process(@Element FileIO.ReadableFile file, OutputReceiver<RawRecord> out)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    try (InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
      long lineNumber = 0;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          out.output(RawRecords.fromUtf8(table, "file:" + path + "#" + ++lineNumber, line.toByteArray()));
          line.reset();
        } else {
          line.write(b);
        }
      }
      // A last line without its newline is still a record; an empty tail after '\n' is not.
      if (line.size() > 0) {
        out.output(RawRecords.fromUtf8(table, "file:" + path + "#" + ++lineNumber, line.toByteArray()));
      }
    }
  }

}
