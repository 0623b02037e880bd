package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.emulator.PostingEmulator;
import io.pinpipe.testdata.SourceDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * End to end on real servers: the posting emulator reads the real rows from MariaDB and posts them
 * through this API (one record per request, like the original clients) to Kafka and to Kinesis.
 * Every emulated row is read back exactly once, equal to what the emulator sends straight to the
 * broker or stream for the same seed.
 */
class EmulatorThroughApiTest {
  private static final String KEY = "emulator-e2e-key";
  private static final int EVENTS = 40;
  private static final List<String> TABLES = List.of("pin", "geo", "user");
  private static final String DATABASE = "pinpipe_ingest_e2e";
  private static final String SERVER =
      System.getenv().getOrDefault("PINPIPE_IT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");

  @TempDir static Path work;

  @BeforeAll
  static void sourceTables() throws Exception {
    LocalStack.up();
    SourceDatabases.withRealRows(SERVER, DATABASE);
    Files.writeString(work.resolve("api-key"), KEY + "\n");
  }

  private static PostingEmulator.Summary emulate(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--jdbcUrl=" + SERVER + DATABASE,
                "--jdbcUser=root",
                "--rate=500/s",
                "--limit=" + EVENTS,
                "--seed=11",
                "--apiKeyFile=" + work.resolve("api-key"),
                "--awsRegion=us-east-1",
                "--kinesisEndpoint=" + LocalStack.kinesisEndpoint(),
                "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"000000000000\",\"secretAccessKey\":\"local\"}"));
    all.addAll(List.of(args));
    PostingEmulator.Summary summary =
        PostingEmulator.run(
            PipelineOptionsFactory.fromArgs(all.toArray(new String[0]))
                .as(PostingEmulator.Options.class),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, summary.failedRows(), "first error: " + summary.firstError());
    assertEquals(3L * EVENTS, summary.acknowledgedRows());
    return summary;
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }

  @Test
  void emulatedEventsThroughTheKafkaRoutesArriveOnceEach() throws Exception {
    String viaApi = Backends.unique("e2e");
    String direct = Backends.unique("e2e");
    for (String table : TABLES) {
      Backends.createTopic(viaApi + "." + table, 1);
      Backends.createTopic(direct + "." + table, 1);
    }
    try (IngestApi api = IngestApi.start(LocalStack.options(KEY))) {
      emulate(
          "--target=api", "--apiRoutes=kafka", "--apiUrl=" + api.uri(), "--topicPrefix=" + viaApi);
    }
    emulate(
        "--target=kafka",
        "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
        "--topicPrefix=" + direct);
    for (String table : TABLES) {
      List<String> throughApi =
          sorted(
              Backends.readTopic(viaApi + "." + table, EVENTS).stream()
                  .map(r -> Backends.text(r.value()))
                  .toList());
      List<String> straight =
          sorted(
              Backends.readTopic(direct + "." + table, EVENTS).stream()
                  .map(r -> Backends.text(r.value()))
                  .toList());
      assertEquals(EVENTS, throughApi.size(), table + ": each emulated row once");
      // Concurrent requests may be produced in any order: compare as multisets, byte for byte.
      assertEquals(straight, throughApi, table + ": the same rows as sent straight to Kafka");
    }
  }

  @Test
  void emulatedEventsThroughTheKinesisRoutesArriveOnceEach() throws Exception {
    String viaApi = Backends.unique("e2e");
    String direct = Backends.unique("e2e");
    try (KinesisAsyncClient kinesis = Backends.kinesis();
        IngestApi api = IngestApi.start(LocalStack.options(KEY))) {
      for (String table : TABLES) {
        Backends.createStream(kinesis, "streaming-" + viaApi + "-" + table, 1);
        Backends.createStream(kinesis, "streaming-" + direct + "-" + table, 1);
      }
      emulate(
          "--target=api",
          "--apiRoutes=kinesis",
          "--apiUrl=" + api.uri(),
          "--topicPrefix=" + viaApi);
      emulate("--target=kinesis", "--topicPrefix=" + direct);
      for (String table : TABLES) {
        List<String> throughApi =
            sorted(Backends.readStream(kinesis, "streaming-" + viaApi + "-" + table, EVENTS));
        List<String> straight =
            sorted(Backends.readStream(kinesis, "streaming-" + direct + "-" + table, EVENTS));
        assertEquals(EVENTS, throughApi.size(), table + ": each emulated row once");
        assertEquals(straight, throughApi, table + ": the same rows as sent straight to Kinesis");
        assertTrue(throughApi.stream().allMatch(row -> row.startsWith("{")), table);
      }
    }
  }
}
