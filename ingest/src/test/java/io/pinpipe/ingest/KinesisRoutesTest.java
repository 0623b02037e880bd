package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/** The {@code /streams} routes against kinesis-mock, read back with GetRecords. */
class KinesisRoutesTest {
  private static final String KEY = "kinesis-routes-test-key";
  private static IngestApi api;
  private static Http http;
  private static KinesisAsyncClient kinesis;

  @BeforeAll
  static void start() throws Exception {
    api = LocalStack.startApi(KEY);
    http = new Http(api.uri());
    kinesis = Backends.kinesis();
  }

  @AfterAll
  static void stop() {
    api.close();
    kinesis.close();
  }

  @Test
  void createDescribeListPutReadAndDeleteAStream() throws Exception {
    String stream = Backends.unique("ingest-stream");
    HttpResponse<String> created =
        http.send("POST", "/streams/" + stream, "{\"ShardCount\": 2}", "x-api-key", KEY);
    assertEquals(200, created.statusCode(), created.body());
    assertEquals("{}", created.body());
    Backends.awaitActive(kinesis, stream);

    HttpResponse<String> described = http.send("GET", "/streams/" + stream, null, "x-api-key", KEY);
    assertEquals(200, described.statusCode(), described.body());
    JsonNode description = Json.MAPPER.readTree(described.body()).get("StreamDescription");
    assertEquals(stream, description.get("StreamName").textValue());
    assertEquals("ACTIVE", description.get("StreamStatus").textValue());
    assertEquals(2, description.get("Shards").size());
    assertTrue(description.get("StreamARN").textValue().endsWith("/" + stream));

    HttpResponse<String> listed = http.send("GET", "/streams", null, "x-api-key", KEY);
    assertEquals(200, listed.statusCode());
    JsonNode list = Json.MAPPER.readTree(listed.body());
    assertTrue(list.get("StreamNames").toString().contains("\"" + stream + "\""), listed.body());
    assertEquals(false, list.get("HasMoreStreams").booleanValue());

    // The original clients' body: StreamName (ignored: the path wins), Data as an object,
    // PartitionKey.
    HttpResponse<String> one =
        http.send(
            "PUT",
            "/streams/" + stream + "/record",
            "{\"StreamName\": \"some-other-stream\", \"Data\": {\"ind\": 1, \"price\": 1.50, \"name\": \"Zoë\"}, \"PartitionKey\": \"partition-1\"}",
            "Content-Type",
            "application/json",
            "x-api-key",
            KEY);
    assertEquals(200, one.statusCode(), one.body());
    JsonNode put = Json.MAPPER.readTree(one.body());
    assertTrue(put.get("SequenceNumber").textValue().length() > 10);
    assertTrue(put.get("ShardId").textValue().startsWith("shardId-"));

    HttpResponse<String> text =
        http.send(
            "PUT",
            "/streams/" + stream + "/record",
            "{\"Data\": \"plain text ✓\", \"PartitionKey\": \"p2\"}",
            "x-api-key",
            KEY);
    assertEquals(200, text.statusCode(), text.body());

    HttpResponse<String> lower =
        http.send(
            "PUT",
            "/streams/" + stream + "/records",
            "{\"records\": [{\"data\": {\"ind\": 2}, \"partition-key\": \"a\"}, {\"data\": {\"ind\": 3}, \"partition-key\": \"b\"}]}",
            "x-api-key",
            KEY);
    assertEquals(200, lower.statusCode(), lower.body());
    JsonNode many = Json.MAPPER.readTree(lower.body());
    assertEquals(0, many.get("FailedRecordCount").intValue());
    assertEquals(2, many.get("Records").size());
    assertTrue(many.get("Records").get(0).has("SequenceNumber"));

    HttpResponse<String> upper =
        http.send(
            "PUT",
            "/streams/" + stream + "/records",
            "{\"StreamName\": \"x\", \"Records\": [{\"Data\": {\"ind\": 4}, \"PartitionKey\": \"c\"}]}",
            "x-api-key",
            KEY);
    assertEquals(200, upper.statusCode(), upper.body());

    List<String> data = Backends.readStream(kinesis, stream, 5);
    assertEquals(
        java.util.Set.of(
            "{\"ind\":1,\"price\":1.50,\"name\":\"Zoë\"}",
            "plain text ✓",
            "{\"ind\":2}",
            "{\"ind\":3}",
            "{\"ind\":4}"),
        java.util.Set.copyOf(data));
    assertEquals(5, data.size());

    HttpResponse<String> deleted =
        http.send("DELETE", "/streams/" + stream, null, "x-api-key", KEY);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals("{}", deleted.body());
  }

  @Test
  void createStreamWithoutABodyHasOneShard() throws Exception {
    String stream = Backends.unique("ingest-stream-default");
    HttpResponse<String> created = http.send("POST", "/streams/" + stream, null, "x-api-key", KEY);
    assertEquals(200, created.statusCode(), created.body());
    Backends.awaitActive(kinesis, stream);
    assertEquals(
        1,
        kinesis
            .describeStream(b -> b.streamName(stream))
            .join()
            .streamDescription()
            .shards()
            .size());
    kinesis.deleteStream(b -> b.streamName(stream)).join();
  }
}
