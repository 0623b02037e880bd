package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import io.pinpipe.pipelines.batch.BatchPipeline;
import io.pinpipe.pipelines.land.LandPipeline;
import io.pinpipe.pipelines.stream.EventSenders;
import io.pinpipe.pipelines.stream.StreamRuns;
import io.pinpipe.testdata.SourceDatabases;
import io.pinpipe.testdata.SourceTables;
import io.pinpipe.transforms.model.Table;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original project's posting clients ({@code user_posting_emulation.py} for the batch layer,
 * {@code user_posting_emulation_streaming.py} for the speed layer), reproduced request for request
 * because they need {@code requests} and {@code sqlalchemy}: a random offset {@code n} in 0…11000,
 * the three queries {@code SELECT * FROM <table> LIMIT n, 1}, each row as a {@code dict} with
 * datetimes as {@code isoformat()}, {@code json.dumps}ed (ASCII escapes and all) into the REST
 * Proxy body (one record per request) or the Kinesis PutRecord body, no API key. Against the stack
 * as {@code up} leaves it (the default topics and streams) and the source tables as {@code seed}
 * loads them: an event's three rows share the key n, every post answers 200, and every record is in
 * its topic as posted.
 */
class OriginalPostingScriptsTest {
  private static final String DATABASE = "pinpipe_original_posting";
  private static final String SERVER =
      System.getenv().getOrDefault("PINPIPE_IT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
  private static final int EVENTS = 25;

  /**
   * Events of the end-to-end test (post, land, batch): enough for many countries, small enough to
   * stay fast.
   */
  private static final int LANDED_EVENTS = 60;

  private static final List<String> TABLES = List.of("pin", "geo", "user");
  private static final Map<String, String> SOURCE =
      Map.of("pin", "pinterest_data", "geo", "geolocation_data", "user", "user_data");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter ISOFORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void stackAndSourceTables() throws Exception {
    LocalStack.upAsAUserWould("kafka", "kinesis", "databases");
    SourceDatabases.recreate(SERVER, DATABASE);
    try (Connection c = DriverManager.getConnection(SERVER + DATABASE, "root", "")) {
      SourceTables.loadOriginalShape(c); // what bin/pinpipe-stack seed runs
    }
  }

  @Test
  void batchClientsEventsShareAKeyAndEveryPostIsAcceptedAndInItsTopic() throws Exception {
    Map<String, Map<Long, JsonNode>> posted;
    try (IngestApi api =
            IngestApi.start(
                IngestOptions.forLocal(
                    LocalStack.kafkaBootstrap(), LocalStack.kinesisEndpoint(), ApiKeys.none()));
        Connection db = DriverManager.getConnection(SERVER + DATABASE, "root", "")) {
      posted = postToTopics(api, db, "pinpipe", EVENTS, new TreeSet<>());
    }
    for (Map.Entry<String, Map<Long, JsonNode>> topic : posted.entrySet()) {
      long last = topic.getValue().keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
      Map<Long, JsonNode> stored = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r :
          Backends.readTopic(topic.getKey(), (int) (last + 1))) {
        stored.put(r.offset(), JSON.readTree(r.value()));
      }
      for (Map.Entry<Long, JsonNode> record : topic.getValue().entrySet()) {
        assertEquals(
            record.getValue(),
            stored.get(record.getKey()),
            topic.getKey() + " offset " + record.getKey());
      }
    }
  }

  /**
   * The batch client's loop: {@code events} draws of {@code random.randint(0, 11000)} after {@code
   * random.seed(100)}, each event's three rows posted one request each to {@code
   * <prefix>.{pin,geo,user}}; every post must answer 200. Returns topic → offset → the value
   * posted, and adds each drawn offset to {@code offsets}.
   */
  private static Map<String, Map<Long, JsonNode>> postToTopics(
      IngestApi api, Connection db, String prefix, int events, Set<Integer> offsets)
      throws Exception {
    Map<String, Map<Long, JsonNode>> posted = new HashMap<>();
    Random random = new Random(100); // random.seed(100)
    for (int event = 0; event < events; event++) {
      int n = random.nextInt(11001); // random.randint(0, 11000)
      offsets.add(n);
      Map<String, Map<String, Object>> rows = event(db, n);
      for (String table : TABLES) {
        String topic = prefix + "." + table;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("value", rows.get(table));
        String payload = dumps(Map.of("records", List.of(record)));
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(api.uri().resolve("/topics/" + topic))
                    .header("Content-Type", "application/vnd.kafka.json.v2+json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(
            200, response.statusCode(), topic + " at offset " + n + ": " + response.body());
        JsonNode offset = JSON.readTree(response.body()).get("offsets").get(0);
        assertEquals(0, offset.get("partition").asInt(), "one partition: " + response.body());
        posted
            .computeIfAbsent(topic, t -> new HashMap<>())
            .put(
                offset.get("offset").asLong(),
                JSON.readTree(payload).get("records").get(0).get("value"));
      }
    }
    return posted;
  }

  /**
   * The rest of the original batch layer on the client's events: {@code land --mode=batch} from the
   * topics into a landing zone, then {@code batch} (clean + analytics, DirectRunner, the embedded
   * Iceberg catalog). Every posted record lands and is read by clean, clean reconciles, every
   * distinct event's pin row has the geo and user rows of its key, and q1 (pin ⋈ geo) answers for
   * the country of every event.
   */
  @Test
  void batchClientsEventsLandCleanAndJoinInTheAnswers(@TempDir Path work) throws Exception {
    String prefix = Backends.unique("original");
    for (String table : TABLES) {
      Backends.createTopic(prefix + "." + table, 1);
    }
    Set<Integer> offsets = new TreeSet<>();
    try (IngestApi api =
            IngestApi.start(
                IngestOptions.forLocal(
                    LocalStack.kafkaBootstrap(), LocalStack.kinesisEndpoint(), ApiKeys.none()));
        Connection db = DriverManager.getConnection(SERVER + DATABASE, "root", "")) {
      postToTopics(api, db, prefix, LANDED_EVENTS, offsets);
    }
    Path landing = work.resolve("landing");
    Path lake = work.resolve("lake");
    LandPipeline.Result landed =
        LandPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--runner=DirectRunner",
                    "--mode=batch",
                    "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
                    "--topicPrefix=" + prefix,
                    "--output=" + landing)
                .as(LandPipeline.Options.class));
    assertEquals(3L * LANDED_EVENTS, landed.recordsLanded, "records landed");
    for (String table : TABLES) {
      assertEquals(
          LANDED_EVENTS,
          landedLines(landing.resolve("topics").resolve(prefix + "." + table)),
          table + ": lines landed");
    }

    // One shard and two workers: 60 rows a table need no more, and the shared 2-core machines run
    // faster so.
    BatchPipeline.Result batch =
        BatchPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--runner=DirectRunner",
                    "--source=raw",
                    "--input=" + landing,
                    "--topicPrefix=" + prefix,
                    "--output=" + lake,
                    "--numShards=1",
                    "--targetParallelism=2")
                .as(BatchPipeline.Options.class));
    for (Table table : Table.values()) {
      assertEquals(
          LANDED_EVENTS, batch.clean.get(table).read, table.id() + ": records read by clean");
    }
    assertTrue(batch.clean.reconciles(), "read = curated + dead letters: " + batch.clean.tables());

    LakeRows rows = LakeRows.embedded(lake);
    Map<Table, Map<Long, JsonNode>> byKey = new HashMap<>();
    for (Table table : Table.values()) {
      Map<Long, JsonNode> view = new TreeMap<>();
      for (String line : rows.batchView(table)) {
        JsonNode row = JSON.readTree(line);
        view.put(row.get("ind").asLong(), row);
      }
      byKey.put(table, view);
    }
    Set<Long> pins = byKey.get(Table.PIN).keySet();
    assertEquals(offsets.size(), pins.size(), "one curated pin row per distinct event");
    for (long ind : pins) {
      assertTrue(offsets.contains((int) ind), "pin " + ind + " is an event's key");
      assertTrue(byKey.get(Table.GEO).containsKey(ind), "pin " + ind + " joins a geo row");
      assertTrue(byKey.get(Table.USER).containsKey(ind), "pin " + ind + " joins a user row");
    }
    // q1 counts pin ⋈ geo per (country, category) and keeps each country's maximum: every event's
    // country has a row only when every event's pin row joins its geo row.
    Set<String> eventCountries = new TreeSet<>();
    byKey.get(Table.GEO).values().forEach(geo -> eventCountries.add(geo.get("country").asText()));
    Set<String> answered = new TreeSet<>();
    AnalyticsAnswer q1 =
        batch.answers.stream().filter(a -> a.id.equals("q1")).findFirst().orElseThrow();
    q1.rows.forEach(row -> answered.add((String) row.get(0)));
    assertEquals(eventCountries, answered, "q1: a row for the country of every event");
  }

  private static long landedLines(Path topic) throws Exception {
    try (Stream<Path> files = Files.walk(topic)) {
      long lines = 0;
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        lines +=
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .count();
      }
      return lines;
    }
  }

  /**
   * The streaming client's puts, each through the API's Kinesis route onto streams of a prefix of
   * its own, then {@code stream --source=kinesis}: every event's three rows share its key in the
   * speed tables.
   */
  @Test
  void streamingClientsEventsShareAKeyAndJoinInTheSpeedTables(@TempDir Path work) throws Exception {
    String prefix = Backends.unique("ostream");
    EventSenders.open("kinesis", prefix)
        .close(); // creates the three streams, as the stack does for its own prefix
    Set<Long> offsets = new TreeSet<>();
    try (IngestApi api =
            IngestApi.start(
                IngestOptions.forLocal(
                    LocalStack.kafkaBootstrap(), LocalStack.kinesisEndpoint(), ApiKeys.none()));
        Connection db = DriverManager.getConnection(SERVER + DATABASE, "root", "")) {
      Random random = new Random(100);
      for (int event = 0; event < EVENTS; event++) {
        int n = random.nextInt(11001);
        offsets.add((long) n);
        Map<String, Map<String, Object>> rows = event(db, n);
        for (Table table : Table.values()) {
          String stream = table.stream(prefix);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("StreamName", stream);
          body.put("Data", rows.get(table.id()));
          body.put("PartitionKey", "partition-1");
          HttpResponse<String> response =
              HTTP.send(
                  HttpRequest.newBuilder(api.uri().resolve("/streams/" + stream + "/record"))
                      .header("Content-Type", "application/json")
                      .PUT(HttpRequest.BodyPublishers.ofString(dumps(body), StandardCharsets.UTF_8))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(
              200, response.statusCode(), stream + " at offset " + n + ": " + response.body());
          assertNotNull(JSON.readTree(response.body()).get("SequenceNumber"), response.body());
        }
      }
    }

    Path lake = work.resolve("lake");
    List<String> args = EventSenders.directStreamArgs("kinesis", prefix, lake, "--numShards=1");
    LakeRows rows = LakeRows.embedded(lake);
    StreamRuns.runUntil(
        args,
        Duration.ofSeconds(120),
        () -> speedKeys(rows).values().stream().allMatch(k -> k.size() >= offsets.size()),
        Duration.ZERO);
    Map<Table, Set<Long>> keys = speedKeys(rows);
    for (Table table : Table.values()) {
      assertEquals(
          offsets,
          keys.get(table),
          table + ": the speed table holds every event's row, under the event's key");
    }
  }

  private static Map<Table, Set<Long>> speedKeys(LakeRows rows) {
    Map<Table, Set<Long>> keys = new HashMap<>();
    for (Table table : Table.values()) {
      Set<Long> inds = new TreeSet<>();
      List<String> lines;
      try {
        lines = rows.speedTable(table);
      } catch (RuntimeException noCommitYet) {
        lines = List.of(); // the table appears with the first pane's commit
      }
      for (String line : lines) {
        try {
          inds.add(JSON.readTree(line).get("ind").asLong());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("not a curated row: " + line, e);
        }
      }
      keys.put(table, inds);
    }
    return keys;
  }

  /** The three rows at offset {@code n}, as the clients read them; they must share the key n. */
  private static Map<String, Map<String, Object>> event(Connection db, int n) throws Exception {
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    for (String table : TABLES) {
      Map<String, Object> row = null;
      try (Statement s = db.createStatement();
          ResultSet r =
              s.executeQuery("SELECT * FROM " + SOURCE.get(table) + " LIMIT " + n + ", 1")) {
        ResultSetMetaData meta = r.getMetaData();
        while (r.next()) {
          row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value =
                meta.getColumnType(i) == Types.TIMESTAMP
                    ? r.getObject(i, LocalDateTime.class)
                    : r.getObject(i);
            row.put(
                meta.getColumnLabel(i),
                value instanceof LocalDateTime t ? t.format(ISOFORMAT) : value);
          }
        }
      }
      // The original scripts fail here with UnboundLocalError: 'pin_result' when the table has no
      // row n.
      assertNotNull(row, SOURCE.get(table) + " has no row at offset " + n);
      rows.put(table, row);
    }
    assertEquals(
        (long) n, ((Number) rows.get("pin").get("index")).longValue(), "pin key at offset " + n);
    assertEquals(
        (long) n, ((Number) rows.get("geo").get("ind")).longValue(), "geo key at offset " + n);
    assertEquals(
        (long) n, ((Number) rows.get("user").get("ind")).longValue(), "user key at offset " + n);
    return rows;
  }

  /**
   * Python's {@code json.dumps(obj, default=str)}: ", " and ": " separators, non-ASCII as \\uXXXX
   * escapes.
   */
  static String dumps(Object value) {
    StringBuilder out = new StringBuilder();
    dumps(value, out);
    return out.toString();
  }

  private static void dumps(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(separator);
        dumps(String.valueOf(e.getKey()), out);
        out.append(": ");
        dumps(e.getValue(), out);
        separator = ", ";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        dumps(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value instanceof Boolean b ? (b ? "true" : "false") : value.toString());
    } else {
      String text = value.toString();
      out.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          default -> {
            if (c < 0x20 || c > 0x7e) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
  }

  @Test
  void dumpsWritesWhatPythonsJsonDumpsWrites() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("index", 7);
    row.put("title", "Aydoğdu \"x\" 😀");
    row.put("latitude", -45.8508);
    row.put("none", null);
    // python3 -c 'import json; print(json.dumps({"index": 7, "title": "Aydoğdu \"x\" 😀",
    // "latitude": -45.8508, "none": None}))'
    assertEquals(
        "{\"index\": 7, \"title\": \"Aydo\\u011fdu \\\"x\\\" \\ud83d\\ude00\", \"latitude\": -45.8508, \"none\": null}",
        dumps(row));
    assertTrue(dumps(List.of(1, 2)).equals("[1, 2]"));
  }
}
