package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream} on an embedded Flink mini-cluster with checkpoints, from a real Kafka broker. A
 * test-only step throws once in the middle of the input (like the deliberate failures in Flink's own
 * file-sink tests); Flink restarts the job from its last checkpoint, and the output still holds every
 * posted row exactly once, equal to what the batch layer makes of the same rows.
 */
class FlinkStreamIT {
  private static final Path ROOT = Path.of(System.getProperty("pinpipe.root", "../..")).toAbsolutePath().normalize();
  private static final int FIRST = 40;
  private static final int SECOND = 30;

  /** Shared with the failing step: the mini-cluster runs in this JVM. */
  static final AtomicBoolean ARMED = new AtomicBoolean();
  static final AtomicInteger FAILURES = new AtomicInteger();
  static final AtomicInteger SEEN_AFTER_FAILURE = new AtomicInteger();

  @TempDir Path work;

  @BeforeAll
  static void kafka() throws Exception {
    Process up = new ProcessBuilder(ROOT.resolve("bin/pinpipe-stack").toString(), "up", "kafka").redirectErrorStream(true).start();
    String output = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(up.waitFor(5, TimeUnit.MINUTES) && up.exitValue() == 0, "bin/pinpipe-stack up kafka: " + output);
  }

  @Test
  void streamOnFlinkSurvivesAForcedTaskFailureByRestoringItsCheckpoint() throws Exception {
    String prefix = "fs-" + UUID.randomUUID().toString().substring(0, 8);
    String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_KAFKA_PORT", "19092");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(prefix + ".pin", 2, (short) 1), new NewTopic(prefix + ".geo", 1, (short) 1),
          new NewTopic(prefix + ".user", 1, (short) 1))).all().get();
    }
    Path out = work.resolve("lake");
    StreamPipeline.Options options = PipelineOptionsFactory.fromArgs(
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1", "--checkpointingInterval=1000",
        "--attachedMode=false", "--source=kafka", "--kafkaBootstrap=" + bootstrap, "--topicPrefix=" + prefix,
        "--output=" + out, "--outputFormat=jsonl", "--numShards=2", "--window=2s", "--maxDelay=1s")
        .as(StreamPipeline.Options.class);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.buildPipeline(pipeline, options, table -> ParDo.of(new FailOnceWhenArmedFn()));
    assertEquals(1000L, options.as(FlinkPipelineOptions.class).getCheckpointingInterval());

    int produced;
    PipelineResult result = pipeline.run();
    try {
      produced = post(bootstrap, prefix, 0, FIRST, "{\"ind\": 1, \"first_name\": \"A\"}");
      waitFor(() -> lines(out.resolve("curated-stream")).size() >= 3 * FIRST && lines(out.resolve("dead-letter")).size() >= 1);
      Thread.sleep(3_000); // at least one checkpoint after the first half was read
      ARMED.set(true);
      produced += post(bootstrap, prefix, FIRST, FIRST + SECOND, "not json");
      waitFor(() -> lines(out.resolve("curated-stream")).size() >= 3 * (FIRST + SECOND) && lines(out.resolve("dead-letter")).size() >= 2);
      Thread.sleep(3_000); // anything more that would (wrongly) arrive
    } finally {
      result.cancel();
    }

    assertEquals(1, FAILURES.get(), "the test step failed the job once");
    assertTrue(SEEN_AFTER_FAILURE.get() < produced,
        "the restarted job resumed from a checkpoint, not from the start: " + SEEN_AFTER_FAILURE.get() + " records re-read of " + produced);
    for (Table table : Table.values()) {
      List<String> curated = lines(out.resolve("curated-stream").resolve(table.id()));
      assertEquals(FIRST + SECOND, curated.size(), table + ": each row once despite the failure");
      assertEquals(new TreeSet<>(golden(table).subList(0, FIRST + SECOND)), new TreeSet<>(curated), table + ": same rows as the batch layer");
    }
    List<String> deadLetters = lines(out.resolve("dead-letter"));
    assertEquals(2, deadLetters.size(), "each dead letter once: " + deadLetters);
    int reposts = 3 * (FIRST / 10 + SECOND / 10);
    assertEquals(produced, 3 * (FIRST + SECOND) + reposts + deadLetters.size(), "produced = curated + re-posts + dead letters");
  }

  /** Throws once, on the first record after the test arms it; counts what it sees after that. */
  static final class FailOnceWhenArmedFn extends DoFn<RawRecord, RawRecord> {
    @ProcessElement
    public void process(@Element RawRecord record, OutputReceiver<RawRecord> out) {
      if (ARMED.compareAndSet(true, false)) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException("forced task failure (test)");
      }
      if (FAILURES.get() > 0) {
        SEEN_AFTER_FAILURE.incrementAndGet();
      }
      out.output(record);
    }
  }

  /** Posts rows [from, to) of every table, each tenth one twice, and one malformed user record; returns the count. */
  private static int post(String bootstrap, String prefix, int from, int to, String malformedUser) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    int sent = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id()).subList(from, to);
        for (int i = 0; i < rows.size(); i++) {
          int copies = i % 10 == 0 ? 2 : 1;
          for (int c = 0; c < copies; c++) {
            producer.send(new ProducerRecord<>(prefix + "." + table.id(), rows.get(i))).get();
            sent++;
          }
        }
      }
      producer.send(new ProducerRecord<>(prefix + ".user", malformedUser)).get();
      sent++;
    }
    return sent;
  }

  private static void waitFor(BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline && !done.getAsBoolean()) {
      Thread.sleep(500);
    }
  }

  /** Every line of the visible JSON Lines files under {@code dir} (temporary files start with a dot). */
  private static List<String> lines(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jsonl")
          && !p.getFileName().toString().startsWith(".")).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return List.of(); // a file renamed while listing: look again next time
    }
    return lines;
  }

  /** The golden curated rows of {@code table}, in the order of the real rows they come from. */
  private static List<String> golden(Table table) throws IOException {
    try (InputStream in = FlinkStreamIT.class.getResourceAsStream("/io/pinpipe/testdata/golden/curated-" + table.id() + ".jsonl")) {
      assertTrue(in != null, "golden file for " + table);
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }
}
