package io.pinpipe.runners.direct.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.SourceDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source database goes away in the middle of {@code clean --source=jdbc} and of {@code
 * emulate}. The shared MariaDB must keep running for everyone else, so the outage is a {@link
 * LoopbackForwarder} in front of it that the test cuts: open connections drop, new ones are
 * refused. Each job must fail with exit code 1 and an error that says the database failed, and must
 * not leave output that passes for a complete run.
 */
class DatabaseOutageIT {
  private static final String DATABASE = "pinpipe_faults_it";
  private static final int MARIADB_PORT =
      Integer.parseInt(System.getenv().getOrDefault("PINPIPE_MARIADB_PORT", "3306"));
  private static final String SERVER = "jdbc:mariadb://127.0.0.1:" + MARIADB_PORT + "/";

  @TempDir Path work;

  @BeforeAll
  static void sourceTables() throws Exception {
    SourceDatabases.withRealRows(SERVER, DATABASE);
    PrivateStack.up("kafka");
  }

  @AfterAll
  static void stopKafka() {
    PrivateStack.down("kafka");
  }

  @Test
  @Timeout(240)
  void cleanFromJdbcFailsClearlyAndLeavesNoCuratedOutputThatPassesForComplete() throws Exception {
    Path lake = work.resolve("lake");
    JarProcess clean;
    try (LoopbackForwarder database = new LoopbackForwarder(MARIADB_PORT)) {
      // On a quiet machine the whole read can finish before the test gets to cut it.
      database.holdAfter(300_000);
      clean =
          JarProcess.start(
              work,
              "clean-jdbc",
              List.of(
                  "clean",
                  "--source=jdbc",
                  "--jdbcUrl=jdbc:mariadb://127.0.0.1:" + database.port() + "/" + DATABASE,
                  "--jdbcUser=root",
                  "--output=" + lake,
                  "--outputFormat=jsonl"));
      // Cut once ~300 KB of the ~6 MB of rows has crossed: every table's read is under way, none
      // done.
      CrashRestartIT.await(
          180,
          () -> database.bytesToClients() > 300_000 || !clean.process.isAlive(),
          () -> "the read never started");
      assertTrue(
          clean.process.isAlive(), "still reading when the database went away:\n" + clean.output());
      database.cut();
      assertTrue(
          clean.process.waitFor(150, TimeUnit.SECONDS), "the run ended after the outage (no hang)");
    }
    String output = clean.output();
    System.out.printf(
        "database outage, clean: exit %d%n%s%n", clean.process.exitValue(), tail(output));
    long curated = OutputTree.lines(lake.resolve("curated"), ".jsonl").size();
    long deadLettered = OutputTree.lines(lake.resolve("dead-letter"), ".jsonl").size();
    Reconciliation.print("database-outage/clean", 26765, -1, -1, curated, deadLettered);
    assertEquals(1, clean.process.exitValue(), output);
    assertTrue(
        lastLine(output)
            .startsWith("pinpipe clean: the pipeline failed: the source database failed: "),
        "one error line saying the database failed: " + lastLine(output));
    // A table's shards are written only after all its rows were read, so none of them may be there.
    assertEquals(Map.of(), OutputTree.files(lake.resolve("curated"), ""), "no curated file");
  }

  @Test
  @Timeout(240)
  void emulateFailsClearlyAndReportsWhatWasAcknowledged() throws Exception {
    String prefix = "db-outage-" + UUID.randomUUID().toString().substring(0, 8);
    SteadyProducer.createTopics(PrivateStack.kafkaBootstrap(), prefix);
    JarProcess emulate;
    try (LoopbackForwarder database = new LoopbackForwarder(MARIADB_PORT)) {
      emulate =
          JarProcess.start(
              work,
              "emulate",
              System.getProperty("pinpipe.emulator.jar"),
              List.of(
                  "--jdbcUrl=jdbc:mariadb://127.0.0.1:" + database.port() + "/" + DATABASE,
                  "--jdbcUser=root",
                  "--target=kafka",
                  "--kafkaBootstrap=" + PrivateStack.kafkaBootstrap(),
                  "--topicPrefix=" + prefix,
                  "--rate=50/s",
                  "--limit=3000",
                  "--seed=7"));
      CrashRestartIT.await(
          120,
          () -> countRecords(prefix + ".pin") >= 100 || !emulate.process.isAlive(),
          () -> "the emulator posted nothing");
      assertTrue(
          emulate.process.isAlive(),
          "still posting when the database went away:\n" + emulate.output());
      database.cut();
      assertTrue(
          emulate.process.waitFor(90, TimeUnit.SECONDS),
          "the emulator ended after the outage (no hang)");
    }
    String output = emulate.output();
    long acknowledged =
        countRecords(prefix + ".pin")
            + countRecords(prefix + ".geo")
            + countRecords(prefix + ".user");
    System.out.printf(
        "database outage, emulate: exit %d%n%s%n", emulate.process.exitValue(), tail(output));
    assertEquals(1, emulate.process.exitValue(), output);
    Matcher counts =
        Pattern.compile(
                "^pinpipe emulate: failed: the source database failed: after (\\d+) events "
                    + "\\((\\d+) rows acknowledged, 0 failed\\)")
            .matcher(lastLine(output));
    boolean reported = counts.find();
    Reconciliation.print(
        "database-outage/emulate",
        reported ? 3 * Long.parseLong(counts.group(1)) : -1,
        acknowledged,
        -1,
        -1,
        -1);
    assertTrue(
        reported,
        "one error line saying the database failed and what was acknowledged: " + lastLine(output));
    assertEquals(
        acknowledged,
        Long.parseLong(counts.group(2)),
        "the rows it reports acknowledged are the rows in Kafka");
    assertEquals(
        3 * Long.parseLong(counts.group(1)),
        acknowledged,
        "every event it reports posted has its three rows");
    assertFalse(output.contains("emulate: done"), "the run is not reported as done:\n" + output);
  }

  private static long countRecords(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PrivateStack.kafkaBootstrap());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      Map<TopicPartition, Long> end =
          consumer.endOffsets(List.of(partition), Duration.ofSeconds(10));
      return end.get(partition);
    }
  }

  /**
   * The last line pinpipe itself printed. In a failed run, runner threads that were still finishing
   * may log (a pooled connection's failed rollback, with its stack trace) after it: seen once in a
   * fresh-clone CI run, a race between those threads and the exit.
   */
  private static String lastLine(String text) {
    List<String> own = text.lines().filter(line -> line.startsWith("pinpipe ")).toList();
    return own.isEmpty() ? "(pinpipe printed nothing)" : own.get(own.size() - 1);
  }

  private static String tail(String text) {
    return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
  }
}
