package io.pinpipe.runners.flink;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code stream} from Kinesis on Flink, started on a backlog, with the reading thread stalled for
 * longer than {@code --maxDelay} (as a slow sink, a long GC pause or a loaded machine stalls it):
 * no row of the backlog comes out late. Beam's arrival-time policy took a shard that had not
 * delivered a record for {@code --maxDelay} as idle and moved its watermark to the clock, past the
 * backlog still to be read, whose rows were then dropped as late (the CI failure of 2026-12-07).
 */
class FlinkKinesisBacklogIT {
  private static final int ROWS = 30;

  /** Tables whose first record has stalled the read (the mini-cluster runs in this JVM). */
  static final Set<String> STALLED = ConcurrentHashMap.newKeySet();

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kinesis");
  }

  @Test
  void aStallLongerThanMaxDelayOnABacklogLosesNothing() throws Exception {
    String prefix = "fb-" + UUID.randomUUID().toString().substring(0, 8);
    Path out = work.resolve("lake");
    try (KinesisClient kinesis = LocalStack.kinesisClient()) {
      LocalStack.createStreams(kinesis, prefix, 1);
      for (Table table : Table.values()) {
        for (String row : RealRows.lines(table.id()).subList(0, ROWS)) {
          kinesis.putRecord(
              b ->
                  b.streamName(table.stream(prefix))
                      .partitionKey(table.id())
                      .data(SdkBytes.fromUtf8String(row)));
        }
      }
      Thread.sleep(2_000); // the backlog is older than --maxDelay before the job starts
      StreamPipeline.Options options = FlinkLocalStream.options("kinesis", prefix, out, 1, "jsonl");
      Pipeline pipeline = Pipeline.create(options);
      StreamPipeline.buildPipeline(pipeline, options, table -> ParDo.of(new StallOnceFn(table)));

      PipelineResult result = pipeline.run();
      try {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline && curated(out) < 3 * ROWS) {
          Thread.sleep(500);
        }
        Thread.sleep(2_000); // anything more that would (wrongly) arrive
      } finally {
        result.cancel();
      }
    }
    for (Table table : Table.values()) {
      FlinkLocalStream.assertCuratedOnce(out, table, ROWS, "the backlog, none dropped as late");
    }
  }

  private static int curated(Path out) {
    return OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size();
  }

  /** Holds the reading thread (Flink chains this step to the source) on a table's first record. */
  static final class StallOnceFn extends DoFn<RawRecord, RawRecord> {
    private final String table;

    StallOnceFn(Table table) {
      this.table = table.id();
    }

    @ProcessElement
    public void process(@Element RawRecord record, OutputReceiver<RawRecord> out)
        throws InterruptedException {
      if (STALLED.add(table)) {
        Thread.sleep(4_000);
      }
      out.output(record);
    }
  }
}
