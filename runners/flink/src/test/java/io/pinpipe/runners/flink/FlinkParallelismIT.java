package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream} on Flink with more parallel subtasks than any topic has partitions (4 over topics
 * of 1, 2 and 3 partitions), and with partitions that never receive a record: every window still
 * fires, as at parallelism 1. A source subtask that reads no partition, or a partition that is
 * empty, must not hold the watermark back. With Beam's own create-time policy the topics with an
 * empty partition never fire (checked: geo's rows never came out); {@code
 * CreateTimeWithIdlePartitions} is what makes them. Then pin and geo each get a partition while the
 * job runs, and their next rows go only to it: they are read and their windows fire, without a
 * restart ({@code AddedPartitions}). Last, a task failure: the job restores its checkpoint and
 * reads the added partitions on from where it was, each row still once.
 */
class FlinkParallelismIT {
  private static final int ROWS = 30;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka");
  }

  @Test
  void parallelismAbovePartitionsAndEmptyPartitionsStillFireEveryWindow() throws Exception {
    String bootstrap = LocalStack.kafkaBootstrap();
    String prefix = "fp-" + UUID.randomUUID().toString().substring(0, 8);
    Map<Table, Integer> partitions = Map.of(Table.PIN, 1, Table.GEO, 2, Table.USER, 3);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              partitions.entrySet().stream()
                  .map(t -> new NewTopic(t.getKey().topic(prefix), t.getValue(), (short) 1))
                  .toList())
          .all()
          .get();
    }
    Path out = work.resolve("lake");
    StreamPipeline.Options options = FlinkLocalStream.options("kafka", prefix, out, 4, "jsonl");
    Pipeline pipeline = Pipeline.create(options);
    FailOnce.reset();
    StreamPipeline.buildPipeline(pipeline, options, table -> ParDo.of(new FailOnce.Fn()));

    // pin and geo get a partition while the job runs, and their next rows go only there.
    Map<Table, Integer> grown = Map.of(Table.PIN, 2, Table.GEO, 3);
    PipelineResult result = pipeline.run();
    try (KafkaProducer<String, String> producer = LocalStack.stringProducer(bootstrap)) {
      // Every record in partition 0: geo's partition 1 and user's partitions 1 and 2 stay empty,
      // and 4 subtasks read pin's single partition (3 of them read none).
      for (Table table : Table.values()) {
        for (String row : RealRows.lines(table.id()).subList(0, ROWS)) {
          producer.send(new ProducerRecord<>(table.topic(prefix), 0, null, row)).get();
        }
      }
      long sent = System.nanoTime();
      waitFor(() -> OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size() >= 3 * ROWS);
      System.out.printf(
          "flink parallelism: the launch partitions' rows curated after %.1f s%n",
          (System.nanoTime() - sent) / 1e9);

      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createPartitions(
                grown.entrySet().stream()
                    .collect(
                        Collectors.toMap(
                            t -> t.getKey().topic(prefix),
                            t -> NewPartitions.increaseTo(t.getValue()))))
            .all()
            .get();
      }
      sendToAddedPartitions(producer, prefix, grown, ROWS);
      sent = System.nanoTime();
      waitFor(() -> OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size() >= 5 * ROWS);
      System.out.printf(
          "flink parallelism: the added partitions' rows curated after %.1f s%n",
          (System.nanoTime() - sent) / 1e9);

      // A task failure now: the job restores its last checkpoint, which must hold the added
      // partitions (found by the listing, their read positions in KafkaIO's restriction) and
      // read on from there, not from their first record.
      Thread.sleep(3_000); // at least one checkpoint after the added partitions' rows were read
      FailOnce.arm();
      sendToAddedPartitions(producer, prefix, grown, 2 * ROWS);
      waitFor(() -> OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size() >= 7 * ROWS);
      System.out.printf(
          "flink parallelism: %d failure(s); %d records read after the restore (%d written after"
              + " the failure)%n",
          FailOnce.failures(), FailOnce.seenAfterFailure(), 2 * ROWS);
    } finally {
      result.cancel();
    }
    assertEquals(1, FailOnce.failures(), "the test step failed the job once");
    assertTrue(
        FailOnce.seenAfterFailure() < 4 * ROWS,
        "the restored job read the added partitions on from its checkpoint: "
            + FailOnce.seenAfterFailure()
            + " records after the failure, of the "
            + 2 * ROWS
            + " written after it (from their first record it would be "
            + 4 * ROWS
            + " or more)");
    for (Table table : Table.values()) {
      FlinkLocalStream.assertCuratedOnce(
          out,
          table,
          grown.containsKey(table) ? 3 * ROWS : ROWS,
          partitions.get(table)
              + " partitions"
              + (grown.containsKey(table)
                  ? ", one added while the job ran, a checkpoint restore after it"
                  : "")
              + ", parallelism 4: every window fired");
    }
  }

  /**
   * Writes each grown table's next {@code ROWS} rows, from {@code from}, to its added partition.
   */
  private static void sendToAddedPartitions(
      KafkaProducer<String, String> producer, String prefix, Map<Table, Integer> grown, int from)
      throws Exception {
    for (Map.Entry<Table, Integer> table : grown.entrySet()) {
      int added = table.getValue() - 1;
      for (String row : RealRows.lines(table.getKey().id()).subList(from, from + ROWS)) {
        producer.send(new ProducerRecord<>(table.getKey().topic(prefix), added, null, row)).get();
      }
    }
  }

  private static void waitFor(BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline && !done.getAsBoolean()) {
      Thread.sleep(500);
    }
  }
}
