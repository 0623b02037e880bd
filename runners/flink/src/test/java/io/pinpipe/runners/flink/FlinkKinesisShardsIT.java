package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * {@code stream} from Kinesis on Flink with more subtasks (4) than any stream has shards (pin 2,
 * geo and user 1), and a shard of pin split while the job runs: every row comes out once, the rows
 * put after the split included.
 */
class FlinkKinesisShardsIT {
  private static final int ROWS = 30;
  private static final int LATER = 20;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kinesis");
  }

  @Test
  void moreSubtasksThanShardsAndASplitWhileRunningLoseAndRepeatNothing() throws Exception {
    String prefix = "fk-" + UUID.randomUUID().toString().substring(0, 8);
    Path out = work.resolve("lake");
    try (KinesisClient kinesis = LocalStack.kinesisClient()) {
      LocalStack.createStreams(kinesis, prefix, 2);
      StreamPipeline.Options options = FlinkLocalStream.options("kinesis", prefix, out, 4, "jsonl");
      Pipeline pipeline = Pipeline.create(options);
      StreamPipeline.buildPipeline(pipeline, options);

      PipelineResult result = pipeline.run();
      try {
        int key = 0;
        for (Table table : Table.values()) {
          for (String row : RealRows.lines(table.id()).subList(0, ROWS)) {
            put(kinesis, table.stream(prefix), key++, row);
          }
        }
        waitFor(() -> curated(out, null) >= 3 * ROWS);

        String pin = Table.PIN.stream(prefix);
        Shard first = kinesis.listShards(b -> b.streamName(pin)).shards().get(0);
        BigInteger low = new BigInteger(first.hashKeyRange().startingHashKey());
        BigInteger high = new BigInteger(first.hashKeyRange().endingHashKey());
        kinesis.splitShard(
            b ->
                b.streamName(pin)
                    .shardToSplit(first.shardId())
                    .newStartingHashKey(low.add(high).shiftRight(1).toString()));
        waitFor(
            () ->
                kinesis
                        .describeStreamSummary(b -> b.streamName(pin))
                        .streamDescriptionSummary()
                        .streamStatus()
                    == StreamStatus.ACTIVE);
        assertEquals(
            4,
            kinesis.listShards(b -> b.streamName(pin)).shards().size(),
            "pin: its other shard, the closed parent and the parent's two children");
        for (String row : RealRows.lines(Table.PIN.id()).subList(ROWS, ROWS + LATER)) {
          put(kinesis, pin, key++, row);
        }
        waitFor(() -> curated(out, Table.PIN) >= ROWS + LATER);
        Thread.sleep(3_000); // anything more that would (wrongly) arrive
      } finally {
        result.cancel();
      }
    }
    for (Table table : Table.values()) {
      int rows = table == Table.PIN ? ROWS + LATER : ROWS;
      FlinkLocalStream.assertCuratedOnce(out, table, rows, "the rows after the split included");
    }
  }

  private static void put(KinesisClient kinesis, String stream, int key, String row) {
    kinesis.putRecord(
        b ->
            b.streamName(stream)
                .partitionKey(String.valueOf(key))
                .data(SdkBytes.fromUtf8String(row)));
  }

  private static int curated(Path out, Table table) {
    Path root = out.resolve("curated-stream");
    return OutputFiles.jsonLinesBelow(table == null ? root : root.resolve(table.id())).size();
  }

  private static void waitFor(BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline && !done.getAsBoolean()) {
      Thread.sleep(500);
    }
  }
}
