package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.analytics.Question;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark reference gives exactly pinpipe's rows: over the input CleanPipelineTest uses (every
 * real row, every fifth re-posted, the malformed corpus in the middle) its curated JSON Lines and
 * Parquet are the golden files and its dead letters the malformed records, bar the differences its
 * README section and SparkClean list (asserted here by name, so none goes unnoticed); over the
 * golden curated rows its q1–q8 are pinpipe's analytics answers, byte for byte.
 */
class SparkReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REPOSTS_EVERY = 5;
  private static final List<String> TABLES = List.of("pin", "geo", "user");

  /**
   * Malformed records the reference curates where pinpipe dead-letters them (none in this corpus;
   * the approximations SparkClean lists would put a case here, by name, with the row it makes of
   * it).
   */
  static final Map<String, String> CURATED_BY_SPARK_ONLY = Map.of();

  @TempDir static Path work;
  static Path landing;
  static Path out;
  static Map<String, List<MalformedCorpus.Case>> malformed = new HashMap<>();
  static Map<String, Integer> records = new HashMap<>();
  static List<TableCount> counts;

  @BeforeAll
  static void cleanWithSpark() throws Exception {
    landing = work.resolve("landing");
    for (String table : TABLES) {
      List<String> real = RealRows.lines(table);
      List<String> rows = new ArrayList<>(real);
      // Exact re-posts of every fifth row, as the emulator and at-least-once delivery produce.
      for (int i = 0; i < real.size(); i += REPOSTS_EVERY) {
        rows.add(real.get(i));
      }
      List<MalformedCorpus.Case> cases =
          MalformedCorpus.cases().stream()
              .filter(c -> c.table().equals(table))
              // One record per line in the landing layout: a payload with a newline would be two.
              .filter(c -> !c.payload().contains("\n"))
              .collect(Collectors.toList());
      rows.addAll(
          rows.size() / 2,
          cases.stream().map(MalformedCorpus.Case::payload).collect(Collectors.toList()));
      malformed.put(table, cases);
      records.put(table, rows.size());
      LandingZone.write(landing, "pinpipe." + table, rows, 1000);
    }
    out = work.resolve("spark");
    List<String> log =
        SparkReferenceJob.run(
            work.resolve("logs/clean.log"),
            "clean",
            "--input=" + landing,
            "--output=" + out,
            "--cores=2");
    counts = TableCount.parseLast(log);
  }

  @Test
  void curatedJsonLinesAndParquetAreTheGoldenRows() throws IOException {
    for (String table : TABLES) {
      List<String> expected = new ArrayList<>(golden(table));
      malformed.get(table).stream()
          .filter(c -> CURATED_BY_SPARK_ONLY.containsKey(c.toString()))
          .forEach(c -> expected.add(CURATED_BY_SPARK_ONLY.get(c.toString())));
      expected.sort(null);
      Path curated = out.resolve("curated").resolve(table);
      assertEquals(expected, OutputFiles.jsonLines(curated), table + " JSON Lines");
      // Spark writes the standard three-level list, as pinpipe does; pinpipe's files also carry
      // their Avro
      // schema, which the Avro reader follows, while for Spark's it applies its default rule and
      // shows each
      // element as a record {"element": x}. The doubles are the same.
      List<String> parquet =
          OutputFiles.parquetAsJsonLines(curated).stream()
              .map(line -> line.replaceAll("\\{\"element\": ([^{}]*)\\}", "$1"))
              .sorted()
              .collect(Collectors.toList());
      assertEquals(expected, parquet, table + " Parquet");
    }
  }

  @Test
  void deadLettersAreTheMalformedRecordsWithTheirSource() throws IOException {
    for (String table : TABLES) {
      List<String> expected =
          malformed.get(table).stream()
              .filter(c -> !CURATED_BY_SPARK_ONLY.containsKey(c.toString()))
              .map(MalformedCorpus.Case::payload)
              .sorted()
              .collect(Collectors.toList());
      List<String> payloads = new ArrayList<>();
      for (String line : OutputFiles.jsonLines(out.resolve("dead-letter").resolve(table))) {
        JsonNode d = JSON.readTree(line);
        List<String> names = new ArrayList<>();
        d.fieldNames().forEachRemaining(names::add);
        assertEquals(
            List.of("table", "source", "payload", "error", "pipeline", "failed_at"), names, line);
        assertEquals(table, d.get("table").asText());
        assertEquals("spark-reference", d.get("pipeline").asText());
        assertTrue(
            d.get("source")
                .asText()
                .matches("file:/.*/partition=0/pinpipe\\." + table + "\\+0\\+\\d{10}\\.json#\\d+"),
            line);
        payloads.add(d.get("payload").asText());
      }
      payloads.sort(null);
      assertEquals(
          expected.size(), payloads.size(), table + " dead letters: " + diff(expected, payloads));
      assertEquals(expected, payloads, table + " dead letters: " + diff(expected, payloads));
    }
  }

  @Test
  void countsReconcileAsPinpipesDo() throws IOException {
    assertEquals(TABLES, counts.stream().map(TableCount::table).collect(Collectors.toList()));
    for (TableCount t : counts) {
      long sparkOnly =
          malformed.get(t.table()).stream()
              .filter(c -> CURATED_BY_SPARK_ONLY.containsKey(c.toString()))
              .count();
      assertEquals((long) records.get(t.table()), t.read(), t.table() + " read");
      assertEquals(
          malformed.get(t.table()).size() - sparkOnly,
          t.deadLettered(),
          t.table() + " dead-lettered");
      assertTrue(t.reconciles(), t.toString());
      assertEquals(
          golden(t.table()).size() + sparkOnly, t.curatedAfterDedup(), t.table() + " after dedup");
    }
  }

  @Test
  void answersOverTheGoldenRowsArePinpipesAnswers() throws Exception {
    Path lake = work.resolve("golden");
    for (String table : TABLES) {
      Path dir = lake.resolve("curated").resolve(table);
      Files.createDirectories(dir);
      Files.write(dir.resolve("part-00000-of-00001.jsonl"), golden(table), StandardCharsets.UTF_8);
    }
    Path pinpipe = work.resolve("pinpipe-answers");
    // Without the DirectRunner's element checks, as bin/pinpipe runs it: this compares answers,
    // and pipelines' AnalyticsPipelineTest keeps the checks on the same steps.
    AnalyticsPipeline.run(
        PipelineOptionsFactory.fromArgs(
                DirectRunnerChecksDefault.apply(
                    new String[] {
                      "--runner=DirectRunner",
                      "--input=" + lake,
                      "--output=" + pinpipe,
                      "--inputFormat=jsonl"
                    }))
            .as(AnalyticsPipeline.Options.class));
    Path spark = work.resolve("spark-answers");
    SparkReferenceJob.run(
        work.resolve("logs/analytics.log"),
        "analytics",
        "--input=" + lake,
        "--output=" + spark,
        "--inputFormat=jsonl",
        "--cores=2");
    for (Question q : Question.values()) {
      for (String suffix : List.of(".json", ".csv")) {
        Path expected = pinpipe.resolve("analytics").resolve(q.id() + suffix);
        Path actual = spark.resolve("analytics").resolve(q.id() + suffix);
        assertEquals(Files.readString(expected), Files.readString(actual), q.id() + suffix);
        assertArrayEquals(
            Files.readAllBytes(expected), Files.readAllBytes(actual), q.id() + suffix);
      }
    }
  }

  static String diff(List<String> expected, List<String> actual) {
    Set<String> e = Set.copyOf(expected);
    Set<String> a = Set.copyOf(actual);
    return "missing "
        + expected.stream()
            .filter(x -> !a.contains(x))
            .map(SparkReferenceTest::shorten)
            .collect(Collectors.toList())
        + ", unexpected "
        + actual.stream()
            .filter(x -> !e.contains(x))
            .map(SparkReferenceTest::shorten)
            .collect(Collectors.toList());
  }

  private static String shorten(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }

  static List<String> golden(String table) throws IOException {
    return GoldenRows.sorted(table);
  }
}
