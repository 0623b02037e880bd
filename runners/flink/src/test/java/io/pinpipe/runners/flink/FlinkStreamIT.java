package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * {@code stream} on an embedded Flink mini-cluster with checkpoints, from a real Kafka broker and
 * from kinesis-local. A test-only step throws once in the middle of the input (like the deliberate
 * failures in Flink's own file-sink tests); Flink restarts the job from its last checkpoint, and
 * the output still holds every posted row exactly once, equal to what the batch layer makes of the
 * same rows.
 */
class FlinkStreamIT {
  private static final Path ROOT =
      Path.of(System.getProperty("pinpipe.root", "../..")).toAbsolutePath().normalize();
  private static final String BOOTSTRAP =
      "127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_KAFKA_PORT", "19092");
  private static final String KINESIS =
      "http://127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_KINESIS_PORT", "4568");
  private static final int FIRST = 40;
  private static final int SECOND = 30;

  @TempDir Path work;

  @BeforeAll
  static void servers() throws Exception {
    Process up =
        new ProcessBuilder(ROOT.resolve("bin/pinpipe-stack").toString(), "up", "kafka", "kinesis")
            .redirectErrorStream(true)
            .start();
    String output = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        up.waitFor(5, TimeUnit.MINUTES) && up.exitValue() == 0,
        "bin/pinpipe-stack up kafka kinesis: " + output);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kafka", "kinesis"})
  void streamOnFlinkSurvivesAForcedTaskFailureByRestoringItsCheckpoint(String source)
      throws Exception {
    FailOnce.reset();
    String prefix = "fs-" + UUID.randomUUID().toString().substring(0, 8);
    Sink sink = source.equals("kafka") ? kafka(prefix) : kinesis(prefix);
    Path out = work.resolve("lake");
    StreamPipeline.Options options =
        FlinkLocalStream.options(source, prefix, out, 1, "iceberg,jsonl");
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.buildPipeline(pipeline, options, table -> ParDo.of(new FailOnce.Fn()));
    assertEquals(1000L, options.as(FlinkPipelineOptions.class).getCheckpointingInterval());

    int produced;
    LakeRows tables = LakeRows.embedded(out);
    PipelineResult result = pipeline.run();
    try {
      produced = post(sink, 0, FIRST, "{\"ind\": 1, \"first_name\": \"A\"}");
      waitFor(
          () ->
              OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size() >= 3 * FIRST
                  && OutputFiles.jsonLinesBelow(out.resolve("dead-letter")).size() >= 1);
      Thread.sleep(3_000); // at least one checkpoint after the first half was read
      FailOnce.arm();
      produced += post(sink, FIRST, FIRST + SECOND, "not json");
      waitFor(
          () ->
              OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size()
                      >= 3 * (FIRST + SECOND)
                  && OutputFiles.jsonLinesBelow(out.resolve("dead-letter")).size() >= 2
                  && speedRows(tables) >= 3 * (FIRST + SECOND));
      Thread.sleep(3_000); // anything more that would (wrongly) arrive
    } finally {
      result.cancel();
    }

    assertEquals(1, FailOnce.failures(), "the test step failed the job once");
    assertTrue(
        FailOnce.seenAfterFailure() < produced,
        "the restarted job resumed from a checkpoint, not from the start: "
            + FailOnce.seenAfterFailure()
            + " records re-read of "
            + produced);
    for (Table table : Table.values()) {
      FlinkLocalStream.assertCuratedOnce(
          out, table, FIRST + SECOND, "despite the failure; the batch layer's rows");
    }
    List<String> deadLetters = OutputFiles.jsonLinesBelow(out.resolve("dead-letter"));
    assertEquals(2, deadLetters.size(), "each dead letter once: " + deadLetters);
    int reposts = 3 * (FIRST / 10 + SECOND / 10);
    assertEquals(
        produced,
        3 * (FIRST + SECOND) + reposts + deadLetters.size(),
        "produced = curated + re-posts + dead letters");

    // The Iceberg tables after the checkpoint restore: every row once, no pane twice in any
    // history.
    long speedRows = 0;
    List<String> panes = new ArrayList<>();
    for (Table table : Table.values()) {
      List<String> rows = tables.speedTable(table);
      assertEquals(
          FIRST + SECOND, rows.size(), table + " speed table: each row once despite the failure");
      assertEquals(
          new TreeSet<>(golden(table).subList(0, FIRST + SECOND)),
          new TreeSet<>(rows),
          table + " speed table: the batch layer's rows");
      speedRows += rows.size();
      tables.speedPanes(table).forEach(p -> panes.add(table.id() + ":" + p));
    }
    assertEquals(new TreeSet<>(panes).size(), panes.size(), "no pane committed twice: " + panes);
    List<String> deadLetterPanes = tables.deadLetterPanes();
    assertEquals(
        new TreeSet<>(deadLetterPanes).size(),
        deadLetterPanes.size(),
        "no dead-letter pane committed twice: " + deadLetterPanes);
    List<String> tableDeadLetters = tables.deadLetters("stream", Table.USER);
    assertEquals(
        2,
        tableDeadLetters.size(),
        "each dead letter once in the dead-letter table: " + tableDeadLetters);
    System.out.printf(
        "RECONCILIATION flink-checkpoint-restore/%s/iceberg: read=%d curated=%d re-posts=%d dead-lettered=%d panes=%d panes-twice=0%n",
        source, produced, speedRows, reposts, tableDeadLetters.size(), panes.size());
  }

  /** Rows in the three speed tables now (0 while one is being committed or not yet created). */
  private static long speedRows(LakeRows tables) {
    long rows = 0;
    try {
      for (Table table : Table.values()) {
        rows += tables.speedTable(table).size();
      }
    } catch (RuntimeException e) {
      return 0;
    }
    return rows;
  }

  /** Puts one payload on a table's topic or stream and waits for the acknowledgement. */
  interface Sink {
    void put(Table table, String payload) throws Exception;
  }

  /**
   * Posts rows [from, to) of every table, each tenth one twice, and one malformed user record;
   * returns the count.
   */
  private static int post(Sink sink, int from, int to, String malformedUser) throws Exception {
    int sent = 0;
    for (Table table : Table.values()) {
      List<String> rows = RealRows.lines(table.id()).subList(from, to);
      for (int i = 0; i < rows.size(); i++) {
        int copies = i % 10 == 0 ? 2 : 1;
        for (int c = 0; c < copies; c++) {
          sink.put(table, rows.get(i));
          sent++;
        }
      }
    }
    sink.put(Table.USER, malformedUser);
    return sent + 1;
  }

  private static Sink kafka(String prefix) throws Exception {
    LocalStack.createTopics(BOOTSTRAP, prefix, 2);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    KafkaProducer<String, String> producer = new KafkaProducer<>(props); // closed with the JVM
    return (table, payload) ->
        producer.send(new ProducerRecord<>(prefix + "." + table.id(), payload)).get();
  }

  private static Sink kinesis(String prefix) throws Exception {
    KinesisClient kinesis =
        KinesisClient.builder() // closed with the JVM
            .endpointOverride(URI.create(KINESIS))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("000000000000", "local")))
            .build();
    for (Table table : Table.values()) {
      kinesis.createStream(
          b -> b.streamName(table.stream(prefix)).shardCount(table == Table.PIN ? 2 : 1));
    }
    for (Table table : Table.values()) {
      String stream = table.stream(prefix);
      waitFor(
          () ->
              kinesis
                      .describeStreamSummary(b -> b.streamName(stream))
                      .streamDescriptionSummary()
                      .streamStatus()
                  == StreamStatus.ACTIVE);
    }
    AtomicInteger key = new AtomicInteger();
    return (table, payload) ->
        kinesis.putRecord(
            b ->
                b.streamName(table.stream(prefix))
                    .partitionKey(String.valueOf(key.getAndIncrement()))
                    .data(SdkBytes.fromUtf8String(payload)));
  }

  private static void waitFor(BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline && !done.getAsBoolean()) {
      Thread.sleep(500);
    }
  }

  /** The golden curated rows of {@code table}, in the order of the real rows they come from. */
  private static List<String> golden(Table table) throws IOException {
    return GoldenRows.inRowOrder(table.id());
  }
}
