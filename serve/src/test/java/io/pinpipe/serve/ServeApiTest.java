package io.pinpipe.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RowGenerator;
import io.pinpipe.transforms.analytics.Question;
import io.pinpipe.transforms.model.Table;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} over an embedded catalog, no other servers: it waits for a first clean run, answers
 * exactly what {@code analytics} answers over the same batch views, refuses bad requests with JSON
 * errors, and keeps answering from its last good state while the catalog is unreachable, saying so
 * in {@code /health}.
 */
class ServeApiTest {
  static final String KEY = "serve-test-key";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path shared;
  @TempDir Path work;
  static Path landing;
  static Path lake;

  @BeforeAll
  static void aLandingZoneAndALake() throws Exception {
    landing = shared.resolve("landing");
    RowGenerator rows = new RowGenerator(11);
    for (Table table : Table.values()) {
      List<String> records = new ArrayList<>();
      for (int key = 0; key < 300; key++) {
        records.add(rows.row(table.id(), key));
      }
      LandingZone.write(landing, "pinpipe." + table.id(), records, 100);
    }
    lake = shared.resolve("lake");
    clean(lake);
  }

  @Test
  void waitsForAFirstCleanRunThenAnswersWhatAnalyticsAnswers() throws Exception {
    Path empty = work.resolve("lake");
    try (ServeApi serve = start(empty)) {
      JsonNode waiting =
          await(
              serve,
              Duration.ofSeconds(30),
              h -> h.get("last_error").asText().contains("run clean first"),
              "a refresh that found no batch view");
      assertEquals("unavailable", waiting.get("status").asText());
      assertEquals(503, get(serve, "/health", null, null).statusCode());
      HttpResponse<String> early = get(serve, "/answers/q1", KEY, null);
      assertEquals(503, early.statusCode(), early.body());
      assertTrue(early.body().contains("No answers yet"), early.body());

      clean(empty);
      awaitHealth(serve, "ok");
      Path files = work.resolve("analytics");
      AnalyticsPipeline.run(
          PipelineOptionsFactory.fromArgs(
                  "--runner=DirectRunner", "--input=" + empty, "--output=" + files)
              .as(AnalyticsPipeline.Options.class));
      for (Question question : Question.values()) {
        String csv =
            Files.readString(
                files.resolve("analytics/" + question.id() + ".csv"), StandardCharsets.UTF_8);
        HttpResponse<String> served = get(serve, "/answers/" + question.id(), KEY, "text/csv");
        assertEquals(200, served.statusCode());
        assertEquals(
            "text/csv; charset=utf-8", served.headers().firstValue("content-type").orElse(""));
        assertEquals(csv, served.body(), question.id() + " as CSV");
        JsonNode json =
            JSON.readTree(get(serve, "/answers/" + question.id(), KEY, "application/json").body());
        String file =
            Files.readString(
                files.resolve("analytics/" + question.id() + ".json"), StandardCharsets.UTF_8);
        assertEquals(file, rowsAsAnalyticsWritesThem(json), question.id() + " as JSON");
        assertEquals(question.text(), json.get("question").asText());
        assertTrue(json.get("batch_snapshots").get("pinpipe.pin").asLong() > 0, json.toString());
        assertTrue(
            json.get("boundary").get("pinpipe.pin").size() > 0,
            "the batch view's positions: " + json.get("boundary"));
        assertTrue(json.get("newest_event_time").isNull(), "no speed rows yet");
      }
    }
  }

  @Test
  void badRequestsGetClearJsonErrors() throws Exception {
    try (ServeApi serve = start(lake)) {
      awaitHealth(serve, "ok");
      assertError(get(serve, "/answers/q1", null, null), 401, "Missing API key");
      assertError(get(serve, "/answers/q1", "not-the-key", null), 401, "Invalid API key");
      assertError(
          get(serve, "/answers/q9", KEY, null),
          404,
          "Unknown question 'q9': expected one of q1, q2, q3, q3_top");
      assertError(
          get(serve, "/answers/q1", KEY, "image/png"), 406, "ask for application/json or text/csv");
      assertError(get(serve, "/answers/q1", KEY, "text/csv;q=0, image/png"), 406, "text/csv");
      assertError(get(serve, "/nothing/here", KEY, null), 404, "try /, /answers");
      HttpResponse<String> post =
          HTTP.send(
              HttpRequest.newBuilder(serve.uri().resolve("/answers/q1"))
                  .header("x-api-key", KEY)
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertError(post, 405, "Only GET");
      assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));

      HttpResponse<String> page = get(serve, "/", null, null);
      assertEquals(401, page.statusCode());
      assertTrue(
          page.headers().firstValue("www-authenticate").orElse("").startsWith("Basic realm="),
          "a browser asks for the key");
      HttpResponse<String> login =
          HTTP.send(
              HttpRequest.newBuilder(serve.uri().resolve("/"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(("anyone:" + KEY).getBytes(StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode());
      assertTrue(
          login.body().contains("<meta http-equiv=\"refresh\" content=\"5\">"),
          "the page reloads itself");
      assertTrue(
          login
              .headers()
              .firstValue("content-security-policy")
              .orElse("")
              .contains("default-src 'none'"));
      assertEquals(200, get(serve, "/answers/q6", KEY, "*/*").statusCode());
      assertEquals(200, get(serve, "/metrics", KEY, null).statusCode());
      assertTrue(
          JSON.readTree(get(serve, "/metrics", KEY, null).body())
                  .get("view")
                  .get("pinBatchRows")
                  .asLong()
              > 0);
    }
  }

  @Test
  void keepsAnsweringFromTheLastGoodStateWhileTheCatalogIsUnreachable() throws Exception {
    Path ownLake = work.resolve("lake");
    clean(ownLake);
    try (ServeApi serve = start(ownLake)) {
      awaitHealth(serve, "ok");
      String before = get(serve, "/answers/q1", KEY, "text/csv").body();
      Path warehouse = ownLake.resolve("warehouse");
      Path away = ownLake.resolve("warehouse-away");
      Files.move(warehouse, away);
      JsonNode degraded = awaitHealth(serve, "degraded");
      assertTrue(degraded.get("consecutive_failures").asInt() > 0, degraded.toString());
      // What the catalog said, which depends on where the move caught it (a table gone, a metadata
      // file gone).
      assertTrue(
          degraded.get("last_error").asText().contains("warehouse")
              || degraded.get("last_error").asText().contains("does not exist"),
          degraded.toString());
      HttpResponse<String> during = get(serve, "/answers/q1", KEY, "text/csv");
      assertEquals(200, during.statusCode());
      assertEquals(before, during.body(), "the last good answers");
      Files.move(away, warehouse);
      awaitHealth(serve, "ok");
    }
  }

  static void clean(Path output) {
    CleanPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--source=raw",
                "--input=" + landing,
                "--output=" + output,
                "--numShards=1")
            .as(CleanPipeline.Options.class));
  }

  static ServeApi start(Path lake, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--input=" + lake, "--port=0"));
    args.addAll(List.of(extra));
    if (args.stream().noneMatch(a -> a.startsWith("--refresh="))) {
      args.add("--refresh=100ms");
    }
    return ServeApi.start(
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(ServeOptions.class), KEY);
  }

  /**
   * The answer's rows pretty-printed as analytics writes {@code <id>.json}: compared byte for byte.
   */
  static String rowsAsAnalyticsWritesThem(JsonNode answer) throws Exception {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer.get("rows")) + "\n";
  }

  static HttpResponse<String> get(ServeApi serve, String path, String key, String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(serve.uri().resolve(path)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      request.header("x-api-key", key);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode awaitHealth(ServeApi serve, String status) throws Exception {
    return await(
        serve,
        Duration.ofSeconds(60),
        health -> health.get("status").asText().equals(status),
        "health " + status);
  }

  static JsonNode await(ServeApi serve, Duration timeout, Predicate<JsonNode> done, String what)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode health;
    do {
      health = JSON.readTree(get(serve, "/health", null, null).body());
      if (done.test(health)) {
        return health;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no " + what + " within " + timeout + ": " + health);
  }

  static void assertError(HttpResponse<String> response, int status, String message)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
    JsonNode error = JSON.readTree(response.body());
    assertEquals(
        status * 100 + (status == 404 && message.startsWith("Unknown question") ? 2 : 1),
        error.get("error_code").asInt());
    assertTrue(error.get("message").asText().contains(message), error.toString());
  }
}
