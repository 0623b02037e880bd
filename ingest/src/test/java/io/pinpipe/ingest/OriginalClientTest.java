package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The original project's clients work unchanged: {@code original_client.py} (written like
 * user_posting_emulation.py, one record per request) posts events to both route families of a live
 * server, and Kafka and Kinesis then hold exactly those rows.
 */
class OriginalClientTest {
  private static final String KEY = "original-client-test-key";
  private static final int EVENTS = 4;

  @Test
  void originalStyleClientPostsEveryRowToKafkaAndKinesis() throws Exception {
    LocalStack.up();
    String prefix = Backends.unique("oc");
    for (String table : List.of("pin", "geo", "user")) {
      Backends.createTopic(prefix + "." + table, 1);
    }
    try (KinesisAsyncClient kinesis = Backends.kinesis();
        IngestApi api = IngestApi.start(LocalStack.options(KEY))) {
      for (String table : List.of("pin", "geo", "user")) {
        Backends.createStream(kinesis, "streaming-" + prefix + "-" + table, 1);
      }
      Path script = Path.of("src/test/python/original_client.py").toAbsolutePath();
      ProcessBuilder python =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  api.uri().toString(),
                  prefix,
                  prefix,
                  String.valueOf(EVENTS))
              .redirectErrorStream(true);
      python.environment().put("PINPIPE_API_KEY", KEY);
      Process process = python.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), output);
      assertEquals(EVENTS * 6, output.lines().filter(l -> l.startsWith("200 {")).count(), output);

      for (String table : List.of("pin", "geo", "user")) {
        List<String> kafkaValues =
            Backends.readTopic(prefix + "." + table, EVENTS).stream()
                .map(r -> Backends.text(r.value()))
                .toList();
        List<String> kinesisData =
            Backends.readStream(kinesis, "streaming-" + prefix + "-" + table, EVENTS);
        assertEquals(EVENTS, kafkaValues.size(), table);
        assertEquals(EVENTS, kinesisData.size(), table);
        // Same compact JSON on both paths, in posting order on each single-partition topic/shard.
        assertEquals(kafkaValues, kinesisData, table);
        for (String value : kafkaValues) {
          JsonNode row = Json.MAPPER.readTree(value);
          switch (table) {
            case "pin" -> assertEquals("Ünïcode Crafts", row.get("poster_name").textValue());
            case "geo" -> assertEquals("2020-08-28 03:52:47", row.get("timestamp").textValue());
            default -> assertEquals("2015-10-24 11:23:51", row.get("date_joined").textValue());
          }
        }
        kinesis.deleteStream(b -> b.streamName(Table.fromId(table).stream(prefix))).join();
      }
    }
  }
}
