package io.pinpipe.pipelines.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.io.RawRecords;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.pipelines.report.TableCounts;
import io.pinpipe.testdata.HostileValidCorpus;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.MalformedBytes;
import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole hostile-input corpus through the real {@code clean} pipeline, from landing objects read
 * as bytes: the malformed records (10 MB values and 100,000-deep nesting included), the hostile but
 * valid ones and the raw-byte cases (invalid UTF-8, NUL bytes), between real rows. Nothing crashes;
 * every malformed record is a dead letter naming its field with its payload unchanged, every valid
 * one is curated exactly as expected in JSON Lines and Parquet, and the counts reconcile.
 */
class HostileLandingZoneTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static Path out;
  static RunReport report;

  /**
   * Per table: the dead-letter payload each malformed record must keep -> the fields named, one per
   * record (two invalid byte sequences can decode to the same best-effort text).
   */
  static final Map<Table, Map<String, List<String>>> deadLetterFields = new HashMap<>();

  static final Map<Table, TreeSet<String>> curatedLines = new HashMap<>();
  static final Map<Table, Integer> recordCounts = new HashMap<>();

  @BeforeAll
  static void cleanTheCorpus() throws Exception {
    Path landing = work.resolve("landing");
    for (Table table : Table.values()) {
      Map<String, List<String>> fields = new HashMap<>();
      TreeSet<String> curated = new TreeSet<>();
      List<byte[]> hostile = new ArrayList<>();
      for (MalformedCorpus.Case c : MalformedCorpus.cases()) {
        // One record per line: the few payloads with a newline would be two records.
        if (c.table().equals(table.id()) && !c.payload().contains("\n")) {
          hostile.add(c.payload().getBytes(StandardCharsets.UTF_8));
          fields.computeIfAbsent(c.payload(), p -> new ArrayList<>()).add(c.field());
        }
      }
      for (MalformedBytes.Case c : MalformedBytes.cases()) {
        if (c.table().equals(table.id())) {
          hostile.add(c.bytes());
          // What the strict decoding makes of the bytes is what the dead letter keeps.
          RawRecord read = RawRecords.fromUtf8(table, "test", c.bytes());
          assertEquals(c.validUtf8(), read.readError == null, c.name());
          fields.computeIfAbsent(read.payload, p -> new ArrayList<>()).add("payload");
        }
      }
      for (HostileValidCorpus.Case c : HostileValidCorpus.cases()) {
        if (c.table().equals(table.id())) {
          hostile.add(c.payload().getBytes(StandardCharsets.UTF_8));
          curated.add(c.curated());
        }
      }
      List<byte[]> records = new ArrayList<>();
      List<String> real = RealRows.lines(table.id()).subList(0, 300);
      for (int i = 0; i < real.size(); i++) {
        records.add(real.get(i).getBytes(StandardCharsets.UTF_8));
        curated.add(CuratedJson.toJson(table.cleaner().curate(real.get(i))));
        if (i < hostile.size()) {
          records.add(hostile.get(i));
        }
      }
      records.addAll(hostile.subList(Math.min(real.size(), hostile.size()), hostile.size()));
      LandingZone.writeBytes(landing, "pinpipe." + table.id(), records, 100);
      deadLetterFields.put(table, fields);
      curatedLines.put(table, curated);
      recordCounts.put(table, records.size());
    }
    out = work.resolve("out");
    report =
        CleanPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--runner=DirectRunner",
                    "--source=raw",
                    "--input=" + landing,
                    "--output=" + out,
                    "--outputFormat=iceberg,parquet,jsonl")
                .as(CleanPipeline.Options.class));
  }

  @Test
  void countsReconcileAndEveryMalformedRecordIsADeadLetter() {
    for (Table table : Table.values()) {
      TableCounts counts = report.get(table);
      assertEquals((long) recordCounts.get(table), counts.read, table + " read");
      long malformed = deadLetterFields.get(table).values().stream().mapToLong(List::size).sum();
      assertEquals(malformed, counts.deadLettered, table + " dead-lettered");
      assertEquals(
          counts.read, counts.curatedBeforeDedup + counts.deadLettered, table + " reconciles");
    }
  }

  @Test
  void deadLettersKeepThePayloadAndNameTheField() throws Exception {
    for (Table table : Table.values()) {
      Map<String, List<String>> expected = new HashMap<>();
      deadLetterFields
          .get(table)
          .forEach((payload, fields) -> expected.put(payload, new ArrayList<>(fields)));
      assertEquals(
          OutputFiles.jsonLines(out.resolve("dead-letter").resolve(table.id())),
          LakeRows.embedded(out).deadLetters("clean", table),
          table + ": the dead-letter table holds what the files hold");
      for (String line : OutputFiles.jsonLines(out.resolve("dead-letter").resolve(table.id()))) {
        JsonNode d = JSON.readTree(line);
        List<String> fields = expected.get(d.get("payload").textValue());
        assertTrue(
            fields != null && !fields.isEmpty(),
            table + ": unexpected or repeated dead letter " + d.get("error"));
        String error = d.get("error").textValue();
        int named = -1;
        for (int i = 0; i < fields.size() && named < 0; i++) {
          named = error.startsWith(fields.get(i) + ": ") ? i : -1;
        }
        assertTrue(named >= 0, table + ": " + error + " names none of " + fields);
        fields.remove(named);
      }
      expected.values().removeIf(List::isEmpty);
      assertEquals(Map.of(), expected, table + ": malformed records not dead-lettered");
    }
  }

  @Test
  void hostileButValidRecordsAreCuratedByteExactInBothFormats() throws Exception {
    for (Table table : Table.values()) {
      Path curated = out.resolve("curated").resolve(table.id());
      assertEquals(
          curatedLines.get(table),
          new TreeSet<>(OutputFiles.jsonLines(curated)),
          table + " JSON Lines");
      assertEquals(
          curatedLines.get(table),
          new TreeSet<>(OutputFiles.parquetAsJsonLines(curated)),
          table + " Parquet");
      assertEquals(
          curatedLines.get(table),
          new TreeSet<>(LakeRows.embedded(out).batchView(table)),
          table + " Iceberg");
    }
  }
}
