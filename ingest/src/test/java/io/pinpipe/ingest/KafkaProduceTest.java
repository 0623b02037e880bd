package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /topics/{topic}} against the real broker: what the API acknowledges is what Kafka
 * holds.
 */
class KafkaProduceTest {
  private static final String KEY = "kafka-produce-test-key";
  private static IngestApi api;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    api = LocalStack.startApi(KEY);
    http = new Http(api.uri());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void recordsLandAsCompactJsonWithTheReportedPartitionsAndOffsetsInRequestOrder()
      throws Exception {
    String topic = Backends.unique("ingest-kafka");
    Backends.createTopic(topic, 3);
    String body =
        """
        {"records": [
          {"value": {"index": 7528, "title": "Ünïcode ✓", "follower_count": "124k", "price": 12.50}, "key": "k1"},
          {"value": {"ind": 7528, "timestamp": "2020-08-28 03:52:47", "latitude": -89.9787}, "partition": 2},
          {"value": [1, 2, {"nested": true}], "key": {"id": 3}, "partition": 0},
          {"value": "just text", "partition": 1}
        ]}""";
    HttpResponse<String> response =
        http.send(
            "POST", "/topics/" + topic, body, "Content-Type", Http.KAFKA_JSON, "x-api-key", KEY);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        "application/vnd.kafka.v2+json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode reply = Json.MAPPER.readTree(response.body());
    assertTrue(reply.get("key_schema_id").isNull());
    assertTrue(reply.get("value_schema_id").isNull());
    JsonNode offsets = reply.get("offsets");
    assertEquals(4, offsets.size());
    assertEquals(2, offsets.get(1).get("partition").intValue());
    assertEquals(0, offsets.get(2).get("partition").intValue());
    assertEquals(1, offsets.get(3).get("partition").intValue());

    List<ConsumerRecord<byte[], byte[]>> read = Backends.readTopic(topic, 4);
    assertEquals(4, read.size());
    List<String> expectedValues =
        List.of(
            "{\"index\":7528,\"title\":\"Ünïcode ✓\",\"follower_count\":\"124k\",\"price\":12.50}",
            "{\"ind\":7528,\"timestamp\":\"2020-08-28 03:52:47\",\"latitude\":-89.9787}",
            "[1,2,{\"nested\":true}]",
            "\"just text\"");
    List<String> expectedKeys = java.util.Arrays.asList("\"k1\"", null, "{\"id\":3}", null);
    for (int i = 0; i < 4; i++) {
      JsonNode offset = offsets.get(i);
      assertTrue(offset.get("error_code").isNull() && offset.get("error").isNull());
      ConsumerRecord<byte[], byte[]> record =
          find(read, offset.get("partition").intValue(), offset.get("offset").longValue());
      assertEquals(expectedValues.get(i), Backends.text(record.value()), "value of record " + i);
      assertEquals(expectedKeys.get(i), Backends.text(record.key()), "key of record " + i);
    }
  }

  @Test
  void manySmallRequestsFromConcurrentClientsAreEachAcknowledgedOnce() throws Exception {
    String topic = Backends.unique("ingest-kafka-many");
    Backends.createTopic(topic, 1);
    int clients = 8;
    int perClient = 25;
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.Set<Long> offsets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < perClient; i++) {
                  try {
                    HttpResponse<String> r =
                        http.send(
                            "POST",
                            "/topics/" + topic,
                            "{\"records\":[{\"value\":{\"client\":"
                                + client
                                + ",\"i\":"
                                + i
                                + "}}]}",
                            "Content-Type",
                            "application/json",
                            "Authorization",
                            "Bearer " + KEY);
                    if (r.statusCode() != 200) {
                      failures.add(r.body());
                    }
                    offsets.add(
                        Json.MAPPER
                            .readTree(r.body())
                            .get("offsets")
                            .get(0)
                            .get("offset")
                            .longValue());
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), List.copyOf(failures));
    assertEquals(clients * perClient, offsets.size(), "distinct offsets");
    assertEquals(clients * perClient, Backends.readTopic(topic, clients * perClient).size());
  }

  @Test
  void listsTopicNamesIncludingANewOne() throws Exception {
    String topic = Backends.unique("ingest-list");
    Backends.createTopic(topic, 1);
    Thread.sleep(TopicCatalog.LIST_FOR.toMillis() + 100);
    HttpResponse<String> response = http.send("GET", "/topics", null, "x-api-key", KEY);
    assertEquals(200, response.statusCode());
    JsonNode names = Json.MAPPER.readTree(response.body());
    assertTrue(names.isArray());
    assertTrue(response.body().contains("\"" + topic + "\""), response.body());
  }

  @Test
  void metricsCountRequestsByRouteAndStatusAndTheRecordsProduced() throws Exception {
    String topic = Backends.unique("ingest-metrics");
    Backends.createTopic(topic, 1);
    assertEquals(
        200,
        http.send(
                "POST",
                "/topics/" + topic,
                "{\"records\":[{\"value\":1},{\"value\":2}]}",
                "Content-Type",
                Http.KAFKA_JSON,
                "x-api-key",
                KEY)
            .statusCode());
    assertEquals(
        415,
        http.send("POST", "/topics/" + topic, "{}", "Content-Type", "text/csv", "x-api-key", KEY)
            .statusCode());
    HttpResponse<String> response = http.send("GET", "/metrics", null, "x-api-key", KEY);
    assertEquals(200, response.statusCode());
    JsonNode metrics = Json.MAPPER.readTree(response.body());
    JsonNode produce = metrics.get("requests").get("POST /topics/{topic}");
    assertTrue(
        produce.get("200").longValue() >= 1 && produce.get("415").longValue() >= 1,
        response.body());
    assertTrue(metrics.get("recordsProduced").get("kafka").longValue() >= 2, response.body());
    JsonNode latency = metrics.get("latencyMs");
    assertTrue(
        latency.get("p99").doubleValue() >= latency.get("p50").doubleValue()
            && latency.get("p50").doubleValue() > 0,
        response.body());
    assertTrue(metrics.get("jvm").get("heapPeakBytes").longValue() > 0);
  }

  private static ConsumerRecord<byte[], byte[]> find(
      List<ConsumerRecord<byte[], byte[]>> records, int partition, long offset) {
    return records.stream()
        .filter(r -> r.partition() == partition && r.offset() == offset)
        .min(Comparator.comparingLong(ConsumerRecord::offset))
        .orElseThrow(
            () -> new AssertionError("no record at partition " + partition + " offset " + offset));
  }
}
