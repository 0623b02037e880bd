package io.pinpipe.runners.direct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.testdata.RealRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily schedule: the Airflow DAG compiles, and the cron script (which runs the same two
 * commands as the DAG: {@code land}, then {@code batch}) lands a real Kafka topic set and produces
 * curated tables and every answer.
 */
class DailyScheduleIT {
  private static final Path ROOT =
      Path.of(System.getProperty("pinpipe.root", "../..")).toAbsolutePath().normalize();

  @TempDir Path work;

  @Test
  void theAirflowDagCompilesAndRunsTheCommandsOfTheCronScript() throws Exception {
    Path dag = ROOT.resolve("orchestration/airflow/pinpipe_daily.py");
    String dagText = Files.readString(dag);
    assertTrue(
        dagText.contains("bin/pinpipe land --mode=batch")
            && dagText.contains("bin/pinpipe batch --source=raw"),
        dagText);
    String cron = Files.readString(ROOT.resolve("orchestration/cron/pinpipe-daily.sh"));
    assertTrue(
        cron.contains("bin/pinpipe\" land --mode=batch")
            && cron.contains("bin/pinpipe\" batch --source=raw"),
        cron);
    assertEquals(
        0,
        run(
            List.of(
                "python3",
                "-c",
                "import ast,sys; ast.parse(open(sys.argv[1]).read())",
                dag.toString()),
            Map.of()),
        "the DAG file parses");
  }

  @Test
  void theCronScriptLandsKafkaAndRunsTheBatchJob() throws Exception {
    assertEquals(
        0, run(List.of(ROOT.resolve("bin/pinpipe-stack").toString(), "up", "kafka"), Map.of()));
    String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_KAFKA_PORT", "19092");
    String prefix = "cron-" + UUID.randomUUID().toString().substring(0, 8);
    produce(bootstrap, prefix, 300);
    Path lake = work.resolve("lake");
    Path log = work.resolve("day-1.log");
    int exit = cronDay(bootstrap, prefix, work.resolve("landing"), lake, log);
    assertEquals(0, exit, "the cron script succeeds: " + Files.readString(log));
    assertTrue(Files.exists(lake.resolve("analytics/report.html")));
    assertEquals(
        "post_year,number_users_joined",
        Files.readAllLines(lake.resolve("analytics/q6.csv"), StandardCharsets.UTF_8).get(0));

    // Day 2 points at another environment's topics and landing zone, with a third of the records:
    // clean refuses to replace the views, so the script stops there, failed, and day 1's answers
    // stay.
    String other = "cron-" + UUID.randomUUID().toString().substring(0, 8);
    produce(bootstrap, other, 100);
    byte[] answersBefore = Files.readAllBytes(lake.resolve("analytics/q6.json"));
    Path log2 = work.resolve("day-2.log");
    int exit2 = cronDay(bootstrap, other, work.resolve("other-landing"), lake, log2);
    String output = Files.readString(log2);
    assertEquals(2, exit2, "the refusal fails the scheduled run: " + output);
    assertTrue(
        output.contains("pinpipe batch: refusing to replace pinpipe.")
            && output.contains("this run read 100 input records, the current snapshot covers 300")
            && output.contains("--allowShrink"),
        output);
    assertFalse(output.contains("Report:"), "analytics did not run after the refusal: " + output);
    assertArrayEquals(
        answersBefore,
        Files.readAllBytes(lake.resolve("analytics/q6.json")),
        "day 1's answers stay");
  }

  /** One scheduled run of the cron script; returns its exit code, its output in {@code log}. */
  private int cronDay(String bootstrap, String prefix, Path landing, Path lake, Path log)
      throws Exception {
    return run(
        List.of(ROOT.resolve("orchestration/cron/pinpipe-daily.sh").toString()),
        Map.of(
            "PINPIPE_KAFKA_BOOTSTRAP",
            bootstrap,
            "PINPIPE_LANDING_ROOT",
            landing.toString(),
            "PINPIPE_LAKE_ROOT",
            lake.toString(),
            "PINPIPE_EXTRA_OPTIONS",
            "--topicPrefix=" + prefix),
        log);
  }

  private static void produce(String bootstrap, String prefix, int rowsPerTable) throws Exception {
    LocalStack.createTopics(bootstrap, prefix, 1);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (String table : List.of("pin", "geo", "user")) {
        for (String row : RealRows.lines(table).subList(0, rowsPerTable)) {
          producer.send(new ProducerRecord<>(prefix + "." + table, row)).get();
        }
      }
    }
  }

  private int run(List<String> command, Map<String, String> env) throws Exception {
    return run(command, env, work.resolve("process-" + UUID.randomUUID() + ".log"));
  }

  private int run(List<String> command, Map<String, String> env, Path log) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return process.exitValue();
  }
}
