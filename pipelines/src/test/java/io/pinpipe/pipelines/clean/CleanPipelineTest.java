package io.pinpipe.pipelines.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.pipelines.report.TableCounts;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code clean} pipeline end to end on the DirectRunner, from raw landing objects: every real
 * row (re-posted, as the emulator does) plus the malformed corpus. Proves cleaning.md §5 (exact
 * duplicates once), §6 (both formats, deterministic names, re-run overwrites), §7 (dead letters
 * keep payload and source) and §8 (counts reconcile).
 */
class CleanPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REPOSTS_EVERY = 5;

  @TempDir static Path work;
  static Path landing;
  static Map<Table, Integer> malformedPerTable = new HashMap<>();
  static Map<Table, Integer> recordsPerTable = new HashMap<>();

  @BeforeAll
  static void writeLandingZone() throws IOException {
    landing = work.resolve("landing");
    for (Table table : Table.values()) {
      List<String> records = new ArrayList<>(RealRows.lines(table.id()));
      // Exact re-posts of every fifth row, as the emulator and at-least-once delivery produce.
      List<String> real = RealRows.lines(table.id());
      for (int i = 0; i < real.size(); i += REPOSTS_EVERY) {
        records.add(real.get(i));
      }
      List<String> malformed =
          MalformedCorpus.cases().stream()
              .filter(c -> c.table().equals(table.id()))
              // The landing layout is one record per line: a payload with a newline would be two.
              .filter(c -> !c.payload().contains("\n"))
              .map(MalformedCorpus.Case::payload)
              .collect(Collectors.toList());
      records.addAll(records.size() / 2, malformed);
      malformedPerTable.put(table, malformed.size());
      recordsPerTable.put(table, records.size());
      LandingZone.write(landing, "pinpipe." + table.id(), records, 1000);
    }
  }

  static RunReport clean(Path output, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--source=raw",
                "--input=" + landing,
                "--output=" + output));
    args.addAll(Arrays.asList(extra));
    return CleanPipeline.run(
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .as(CleanPipeline.Options.class));
  }

  @Test
  void rawObjectsBecomeGoldenCuratedTablesDeadLettersAndReconciledCounts() throws Exception {
    Path out = work.resolve("out");
    RunReport report = clean(out, "--outputFormat=iceberg,parquet,jsonl");
    LakeRows lake = LakeRows.embedded(out);

    for (Table table : Table.values()) {
      TableCounts counts = report.get(table);
      int malformed = malformedPerTable.get(table);
      assertEquals((long) recordsPerTable.get(table), counts.read, table + " read");
      assertEquals((long) malformed, counts.deadLettered, table + " dead-lettered");
      assertEquals(
          counts.read, counts.curatedBeforeDedup + counts.deadLettered, table + " reconciles");
      assertEquals(
          (long) RealRows.lines(table.id()).size(),
          counts.curatedAfterDedup,
          table + " after dedup");

      Path curated = out.resolve("curated").resolve(table.id());
      List<String> golden = golden(table);
      assertEquals(
          golden, OutputFiles.jsonLines(curated), table + " JSON Lines equal the golden file");
      assertEquals(
          golden,
          OutputFiles.parquetAsJsonLines(curated),
          table + " Parquet equals the golden file");
      assertEquals(
          golden, lake.batchView(table), table + " Iceberg batch view equals the golden file");
      Map<String, String> summary = lake.batchSummary(table);
      assertTrue(
          summary.get("pinpipe.run-id").matches("\\d{4}-\\d\\d-\\d\\dT.*"), summary.toString());
      assertEquals("clean", summary.get("pinpipe.pipeline"));
      assertEquals("landing:" + landing, summary.get("pinpipe.input"));
      assertEquals(
          Long.toString(recordsPerTable.get(table) - 1),
          summary.get("pinpipe.input-offset.pinpipe." + table.id() + "/0"),
          table + ": the last offset read, from the landing objects' names and lines");
      assertEquals(Long.toString(golden.size()), summary.get("pinpipe.rows"));
      assertEquals(
          OutputFiles.jsonLines(out.resolve("dead-letter").resolve(table.id())),
          lake.deadLetters("clean", table),
          table + " dead-letter table holds the dead letters, as the files do");
      assertEquals(
          List.of(
              "part-00000-of-00004.jsonl",
              "part-00000-of-00004.parquet",
              "part-00001-of-00004.jsonl",
              "part-00001-of-00004.parquet",
              "part-00002-of-00004.jsonl",
              "part-00002-of-00004.parquet",
              "part-00003-of-00004.jsonl",
              "part-00003-of-00004.parquet"),
          OutputFiles.names(curated));

      List<String> deadLetters =
          OutputFiles.jsonLines(out.resolve("dead-letter").resolve(table.id()));
      assertEquals(malformed, deadLetters.size());
      for (String line : deadLetters) {
        JsonNode d = JSON.readTree(line);
        assertEquals(
            List.of("table", "source", "payload", "error", "pipeline", "failed_at"), fieldNames(d));
        assertEquals(table.id(), d.get("table").asText());
        assertEquals("clean", d.get("pipeline").asText());
        assertTrue(
            d.get("source")
                .asText()
                .matches(
                    "file:.*/partition=0/pinpipe\\." + table.id() + "\\+0\\+\\d{10}\\.json#\\d+"),
            line);
        String payload = d.get("payload").asText();
        assertTrue(
            MalformedCorpus.cases().stream().anyMatch(c -> c.payload().equals(payload)),
            "payload changed: " + line);
      }
    }
  }

  /**
   * Two runs over the same input and output (one pair of runs for both checks). The golden run
   * above keeps the DirectRunner's element checks; these two runs, about what a rerun leaves, skip
   * them as {@code bin/pinpipe} does: the pair takes about a third of the time with them.
   */
  @Test
  void aRerunWritesTheSameFilesWithTheSameRowsAndReplacesEveryTablesViewAndDeadLetters()
      throws Exception {
    Path first = work.resolve("rerun");
    String[] rerun =
        DirectRunnerChecksDefault.apply(
            new String[] {"--numShards=3", "--outputFormat=iceberg,jsonl"});
    clean(first, rerun);
    Map<String, List<String>> before = shardContents(first.resolve("curated/user"));
    clean(first, rerun);
    Map<String, List<String>> after = shardContents(first.resolve("curated/user"));
    assertEquals(
        List.of(
            "part-00000-of-00003.jsonl", "part-00001-of-00003.jsonl", "part-00002-of-00003.jsonl"),
        new ArrayList<>(after.keySet()).stream().sorted().collect(Collectors.toList()));
    assertEquals(before, after);
    assertEquals(
        List.of(),
        OutputFiles.names(first.resolve("curated/user")).stream()
            .filter(n -> n.endsWith(".parquet"))
            .collect(Collectors.toList()),
        "--outputFormat without parquet writes no Parquet");

    LakeRows rows = LakeRows.embedded(first);
    for (Table table : Table.values()) {
      assertEquals(
          (long) malformedPerTable.get(table),
          rows.deadLetters("clean", table).size(),
          table + ": the second run's dead letters replaced the first run's");
      assertEquals(
          golden(table), rows.batchView(table), table + ": the second run replaced the batch view");
    }
  }

  private static Map<String, List<String>> shardContents(Path dir) throws IOException {
    Map<String, List<String>> contents = new HashMap<>();
    for (String name : OutputFiles.names(dir)) {
      List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(name)));
      lines.sort(null);
      contents.put(name, lines);
    }
    return contents;
  }

  static List<String> golden(Table table) throws IOException {
    return GoldenRows.sorted(table.id());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
