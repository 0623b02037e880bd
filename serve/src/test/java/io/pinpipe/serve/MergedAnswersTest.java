package io.pinpipe.serve;

import static io.pinpipe.serve.ServeApiTest.JSON;
import static io.pinpipe.serve.ServeApiTest.KEY;
import static io.pinpipe.serve.ServeApiTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.pipelines.Chromium;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.batch.BatchPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.land.LandPipeline;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import io.pinpipe.pipelines.stream.EventSenders;
import io.pinpipe.pipelines.stream.StreamRuns;
import io.pinpipe.testdata.RowGenerator;
import io.pinpipe.transforms.analytics.Question;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The serving layer on a real Kafka broker (analytics.md, Merged answers): {@code batch} over the
 * first events (with re-posts), then {@code stream} over the same topics while the later events
 * arrive, with re-posts of rows the batch view already holds, duplicates within the stream and a
 * poster name that is markup. Both forms of the serving layer, {@code serve} (live, over HTTP,
 * following the tables) and {@code analytics --asOf=now} (once, as files), must equal, byte for
 * byte, a full {@code batch} recomputation over every event; and when a new batch run commits,
 * {@code serve} moves to it.
 */
class MergedAnswersTest {
  private static final int BATCH_EVENTS = 60;
  private static final int ALL_EVENTS = 120;
  private static final int HOSTILE_EVENT = 100;
  static final String HOSTILE = "<script>document.title='pwned'</script>";
  private static final Pattern PANES =
      Pattern.compile(
          "(\\d+) pane commits after the boundary .*?, (\\d+) covered by the batch view");

  @TempDir Path work;

  /** What both cases read: the events on the topics, their landings and the batch answers. */
  @TempDir static Path shared;

  private static String prefix;
  private static Path landingFirst;
  private static Path landingAll;
  private static Path batchOnly;
  private static Path reference;

  /**
   * The events and the batch answers both cases compare with, once: the first events (with
   * re-posts), the batch answers over them, then the later events and one batch over every event
   * (the reference). Only the stream's runner differs between the cases.
   */
  @BeforeAll
  static void eventsAndBatchAnswers() throws Exception {
    Chromium.ensureInstalled();
    LocalStack.up("kafka");
    prefix = "merge-" + UUID.randomUUID().toString().substring(0, 8);
    RowGenerator rows = new RowGenerator(7);
    try (EventSenders.Sender sender = EventSenders.open("kafka", prefix)) {
      for (int key = 0; key < BATCH_EVENTS; key++) {
        sendEvent(sender, rows, key);
        if (key % 5 == 0) {
          sendEvent(sender, rows, key); // a re-post the batch view de-duplicates
        }
      }
    }
    landingFirst = land(shared.resolve("landing-first"));
    batchOnly = shared.resolve("batch-only");
    batch(landingFirst, batchOnly);

    // Seconds after the first events (the landing and the batch between): more than the stream's
    // de-duplication horizon, so the re-posts of batch rows reach the speed tables.
    try (EventSenders.Sender sender = EventSenders.open("kafka", prefix)) {
      for (int key = BATCH_EVENTS; key < ALL_EVENTS; key++) {
        sendEvent(sender, rows, key);
        if (key % 4 == 0) {
          sendEvent(sender, rows, key - BATCH_EVENTS); // re-posts of rows the batch view holds
        }
        if (key % 7 == 0) {
          sendEvent(sender, rows, key); // duplicates within the stream
        }
      }
    }
    landingAll = land(shared.resolve("landing-all"));
    reference = shared.resolve("reference");
    batch(landingAll, reference);
    assertTrue(
        Files.readString(reference.resolve("analytics/q3.csv")).contains("pwned"),
        "the markup is in an answer (q3)");
  }

  @ParameterizedTest(name = "stream on {0}")
  @ValueSource(strings = {"DirectRunner", "FlinkRunner"})
  void batchViewsPlusTheSpeedLayerEqualABatchOverEveryEvent(String streamRunner) throws Exception {
    Path lake = work.resolve("lake");
    clean(landingFirst, lake);

    try (ServeApi serve = ServeApiTest.start(lake, "--refresh=250ms")) {
      // Before the speed layer: the batch view's own answers.
      ServeApiTest.awaitHealth(serve, "ok");
      assertServedAnswersEqual(serve, batchOnly);
      String firstRun = answer(serve, "q1").get("batch_run").asText();
      String pageBefore = livePage(serve);
      assertTrue(pageBefore.contains("newest event time: none"), "no speed rows yet");
      assertFalse(pageBefore.contains("pwned"));

      streamUntilTheLakeHoldsEveryRowOf(streamRunner, prefix, lake, LakeRows.embedded(reference));

      // serve follows the speed tables by itself.
      awaitServedAnswersEqual(serve, reference, Duration.ofSeconds(60));
      JsonNode q1 = answer(serve, "q1");
      assertEquals(firstRun, q1.get("batch_run").asText(), "still the first batch run");
      assertTrue(q1.get("speed_rows_added").asLong() > 0, q1.toString());
      assertTrue(
          q1.get("speed_rows_already_held").asLong() > 0,
          "re-posts and duplicates counted once: " + q1);
      assertTrue(!q1.get("newest_event_time").isNull(), q1.toString());

      // The live page, in a browser: the new events are on it, and the markup in them stays text.
      String page = livePage(serve);
      assertFalse(page.contains("newest event time: none"), "the page follows the speed layer");
      assertTrue(
          page.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
          "the poster name shown as text");
      assertTrue(page.contains("<title>pinpipe — batch analytics</title>"), "title unchanged");
      assertFalse(
          page.toLowerCase(Locale.ROOT).contains("<script"), "no script element in the DOM");

      // analytics --asOf=now: the same merged answers, once, as files.
      Path served = work.resolve("served");
      AnalyticsPipeline.run(
          options(
              AnalyticsPipeline.Options.class,
              "--input=" + lake,
              "--output=" + served,
              "--asOf=now"));
      for (Question question : Question.values()) {
        String file = "analytics/" + question.id() + ".json";
        assertEquals(
            Files.readString(reference.resolve(file), StandardCharsets.UTF_8),
            Files.readString(served.resolve(file), StandardCharsets.UTF_8),
            question.id() + ": merged answer = the batch over every event");
      }
      // The boundary did its part: the panes of the first events were left out, the later ones
      // taken.
      String provenance =
          Files.readString(
              served.resolve("analytics/" + AnalyticsPipeline.PROVENANCE), StandardCharsets.UTF_8);
      for (Table table : Table.values()) {
        Matcher panes =
            PANES.matcher(
                provenance.substring(provenance.indexOf("pinpipe." + table.id() + "_stream")));
        assertTrue(panes.find(), table + " speed table in " + provenance);
        assertTrue(
            Integer.parseInt(panes.group(1)) > 0 && Integer.parseInt(panes.group(2)) > 0,
            table + ": panes both after and covered by the boundary: " + panes.group());
      }
      assertFalse(
          provenance.contains("newest event time none"),
          "the newest event time of the rows taken: " + provenance);

      // A new batch run over every event: serve moves to it, and the speed rows it covers stop
      // counting and leave the speed tables.
      Map<Table, Integer> speedRowsBefore = speedRows(lake);
      clean(landingAll, lake);
      JsonNode moved =
          awaitAnswer(
              serve,
              "q1",
              a -> !a.get("batch_run").asText().equals(firstRun),
              Duration.ofSeconds(60));
      assertTrue(
          moved.get("speed_rows_added").asLong() < q1.get("speed_rows_added").asLong(),
          "the new batch views cover most speed rows: "
              + moved.get("speed_rows_added")
              + " < "
              + q1.get("speed_rows_added"));
      assertServedAnswersEqual(serve, reference);
      assertNotEquals(firstRun, moved.get("batch_run").asText());
      Map<Table, Integer> speedRowsAfter = speedRows(lake);
      for (Table table : Table.values()) {
        assertTrue(
            speedRowsAfter.get(table) < speedRowsBefore.get(table),
            table
                + ": the speed table no longer holds the rows the new batch view covers: "
                + speedRowsBefore
                + " -> "
                + speedRowsAfter);
      }
    }
  }

  private static Map<Table, Integer> speedRows(Path lake) {
    LakeRows rows = LakeRows.embedded(lake);
    Map<Table, Integer> counts = new java.util.EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      counts.put(table, rows.speedTable(table).size());
    }
    return counts;
  }

  /**
   * The live page as headless Chromium renders it, logged in with the key as a browser user would.
   */
  private String livePage(ServeApi serve) throws Exception {
    String url = "http://reader:" + KEY + "@127.0.0.1:" + serve.port() + "/";
    Chromium.Run run = Chromium.run(work, "--enable-logging=stderr", "--v=0", "--dump-dom", url);
    assertEquals(0, run.exit, run.stderr);
    assertTrue(
        run.stdout.contains("<section id=\"q8\">"), "the page with every answer:\n" + run.stdout);
    List<String> errors = Chromium.pageErrors(run.stderr, "127.0.0.1:" + serve.port());
    assertTrue(errors.isEmpty(), "errors from the page:\n" + String.join("\n", errors));
    return run.stdout;
  }

  private static JsonNode answer(ServeApi serve, String id) throws Exception {
    return JSON.readTree(get(serve, "/answers/" + id, KEY, null).body());
  }

  private static JsonNode awaitAnswer(
      ServeApi serve, String id, java.util.function.Predicate<JsonNode> done, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode answer;
    do {
      answer = answer(serve, id);
      if (done.test(answer)) {
        return answer;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not within " + timeout + ": " + answer);
  }

  /**
   * Every served answer, JSON rows and CSV, equals the files analytics wrote under {@code root}.
   */
  static void assertServedAnswersEqual(ServeApi serve, Path root) throws Exception {
    for (Question question : Question.values()) {
      String id = question.id();
      assertEquals(
          Files.readString(root.resolve("analytics/" + id + ".csv"), StandardCharsets.UTF_8),
          get(serve, "/answers/" + id, KEY, "text/csv").body(),
          id + " as CSV");
      assertEquals(
          Files.readString(root.resolve("analytics/" + id + ".json"), StandardCharsets.UTF_8),
          ServeApiTest.rowsAsAnalyticsWritesThem(answer(serve, id)),
          id + " as JSON");
    }
  }

  private static void awaitServedAnswersEqual(ServeApi serve, Path root, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertServedAnswersEqual(serve, root);
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(250);
      }
    }
  }

  private static void sendEvent(EventSenders.Sender sender, RowGenerator rows, int key)
      throws Exception {
    for (Table table : Table.values()) {
      String row = rows.row(table.id(), key);
      if (table == Table.PIN && key == HOSTILE_EVENT) {
        ObjectNode pin = (ObjectNode) JSON.readTree(row);
        pin.put("poster_name", HOSTILE);
        pin.put("follower_count", "900M"); // the most followers of all: q3 and q3_top show the name
        row = JSON.writeValueAsString(pin);
      }
      sender.send(table, row);
    }
  }

  private static Path land(Path landing) {
    LandPipeline.run(
        options(
            LandPipeline.Options.class,
            "--mode=batch",
            "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
            "--topicPrefix=" + prefix,
            "--output=" + landing));
    return landing;
  }

  private static void clean(Path landing, Path lake) {
    CleanPipeline.run(
        options(
            CleanPipeline.Options.class,
            "--source=raw",
            "--input=" + landing,
            "--output=" + lake,
            "--topicPrefix=" + prefix,
            "--numShards=1"));
  }

  /** {@code batch}: the curated tables and every answer under {@code output}. */
  private static void batch(Path landing, Path output) {
    BatchPipeline.run(
        options(
            BatchPipeline.Options.class,
            "--source=raw",
            "--input=" + landing,
            "--output=" + output,
            "--topicPrefix=" + prefix,
            "--numShards=1"));
  }

  /**
   * Runs {@code stream} over the topics until the lake's batch views and speed tables hold every
   * reference row: on the DirectRunner in this JVM, on Flink-local from the Flink runner's jar as a
   * user starts it.
   */
  private void streamUntilTheLakeHoldsEveryRowOf(
      String runner, String prefix, Path lake, LakeRows reference) throws Exception {
    LakeRows rows = LakeRows.embedded(lake);
    List<String> options =
        List.of(
            "--source=kafka",
            EventSenders.sourceOptions("kafka").get(0),
            "--topicPrefix=" + prefix,
            "--output=" + lake,
            "--numShards=1",
            "--window=2s",
            "--maxDelay=1s",
            // A horizon shorter than the time between the two phases: the re-posts of batch rows
            // reach the speed
            // tables (as a re-post an hour later would with the default 10 minutes), and only the
            // merge can drop them.
            "--dedupHorizon=2s");
    if (runner.equals("DirectRunner")) {
      List<String> args = new ArrayList<>(DIRECT_RUNNER);
      args.addAll(options);
      assertTrue(
          StreamRuns.runUntil(
              args, Duration.ofSeconds(180), () -> holdsEveryRow(rows, reference), Duration.ZERO),
          "the speed layer never caught up");
      return;
    }
    Path jar = LocalStack.root().resolve("runners/flink/target/pinpipe-flink.jar");
    assertTrue(
        Files.isRegularFile(jar), "the Flink runner's jar is built before these tests: " + jar);
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-jar",
                jar.toString(),
                "stream",
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=1"));
    command.addAll(options);
    Path log = work.resolve("stream-flink.log");
    Process stream =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      while (!holdsEveryRow(rows, reference)) {
        assertTrue(stream.isAlive(), "stream on Flink stopped:\n" + Files.readString(log));
        assertTrue(
            System.nanoTime() < deadline,
            "the speed layer on Flink never caught up:\n" + Files.readString(log));
        Thread.sleep(500);
      }
    } finally {
      stream.destroy();
      if (!stream.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        stream.destroyForcibly().waitFor();
      }
    }
  }

  private static boolean holdsEveryRow(LakeRows lake, LakeRows reference) {
    try {
      for (Table table : Table.values()) {
        Set<String> held = new HashSet<>(lake.batchView(table));
        held.addAll(lake.speedTable(table));
        if (!held.containsAll(reference.batchView(table))) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException noSpeedTableYet) {
      return false;
    }
  }

  /**
   * The DirectRunner as {@code bin/pinpipe} runs it, without its element checks: this test is about
   * the answers, and the pipelines' own tests keep the checks on the same steps.
   */
  private static final List<String> DIRECT_RUNNER =
      List.of(
          DirectRunnerChecksDefault.apply(
              new String[] {"--runner=DirectRunner", "--targetParallelism=2"}));

  private static <T extends org.apache.beam.sdk.options.PipelineOptions> T options(
      Class<T> type, String... args) {
    List<String> all = new ArrayList<>(DIRECT_RUNNER);
    all.addAll(List.of(args));
    return PipelineOptionsFactory.fromArgs(all.toArray(new String[0])).as(type);
  }
}
