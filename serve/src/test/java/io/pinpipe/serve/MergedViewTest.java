package io.pinpipe.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pinpipe.iceberg.IcebergSchemas;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving layer's running aggregates against the batch layer's own questions ({@code
 * BatchQuestions} on the DirectRunner): over the real rows (cleaned, the golden files) plus rows
 * that share a key with different content, split at random between a batch view and the speed
 * layer, with speed rows that repeat batch rows and each other, in any order, the merged answers
 * equal the batch questions over the distinct rows of all of it.
 */
class MergedViewTest {
  private static final Map<Table, List<String>> LINES = new EnumMap<>(Table.class);
  private static List<AnalyticsAnswer> reference;

  @TempDir static Path work;

  @BeforeAll
  static void batchQuestionsOverEveryDistinctRow() throws IOException {
    for (Table table : Table.values()) {
      List<String> lines = golden(table);
      // Rows of a key with other content (cleaning.md §5 keeps both): joins that fan out.
      List<String> conflicts = new ArrayList<>();
      for (int i = 0; i < lines.size(); i += 9) {
        Row row = CuratedJson.fromJson(table.curatedSchema(), lines.get(i));
        conflicts.add(CuratedJson.toJson(changed(table, row)));
      }
      lines.addAll(conflicts);
      LINES.put(table, List.copyOf(new LinkedHashSet<>(lines)));
      Path folder = work.resolve("all/curated/" + table.id());
      Files.createDirectories(folder);
      Files.write(folder.resolve("part-00000.jsonl"), LINES.get(table), StandardCharsets.UTF_8);
    }
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    AnalyticsPipeline.buildPipeline(
        pipeline,
        work.resolve("all").toString(),
        OutputFormat.JSONL,
        work.resolve("answers").toString());
    pipeline.run().waitUntilFinish();
    reference = AnalyticsPipeline.readAnswers(work.resolve("answers").toString());
  }

  @Test
  void batchViewPlusSpeedRowsEqualsTheBatchQuestionsOverEveryDistinctRow() {
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      MergedView view = new MergedView();
      List<Map.Entry<Table, String>> speed = new ArrayList<>();
      int repeats = 0;
      for (Table table : Table.values()) {
        for (String line : LINES.get(table)) {
          if (random.nextInt(3) == 0) {
            speed.add(Map.entry(table, line));
            if (random.nextInt(5) == 0) {
              speed.add(Map.entry(table, line)); // a duplicate within the speed layer
              repeats++;
            }
          } else {
            view.batchRow(table, record(table, line));
            if (random.nextInt(10) == 0) {
              speed.add(Map.entry(table, line)); // a re-post of a row the batch view holds
              repeats++;
            }
          }
        }
      }
      view.sealBatch();
      Collections.shuffle(speed, random);
      for (Map.Entry<Table, String> row : speed) {
        view.speedRow(row.getKey(), record(row.getKey(), row.getValue()));
      }
      assertEquals(reference, view.answers(), "seed " + seed);
      assertEquals(
          repeats,
          view.speedRowsAlreadyHeld(),
          "seed " + seed + ": every repeated row is known as one");
    }
  }

  @Test
  void aBatchViewAloneEqualsTheBatchQuestions() {
    MergedView view = new MergedView();
    for (Table table : Table.values()) {
      for (String line : LINES.get(table)) {
        view.batchRow(table, record(table, line));
        view.batchRow(
            table, record(table, line)); // a batch view written by another engine, with repeats
      }
    }
    view.sealBatch();
    assertEquals(reference, view.answers());
  }

  @Test
  void aSpeedRowThatRepeatsNothingChangesTheAnswers() {
    MergedView view = new MergedView();
    for (Table table : Table.values()) {
      for (String line : LINES.get(table)) {
        view.batchRow(table, record(table, line));
      }
    }
    view.sealBatch();
    // A user with the key of a known pin, joining in 2016 at 30: q6 counts one more 2016 user.
    Row pin = CuratedJson.fromJson(CuratedSchemas.PIN, LINES.get(Table.PIN).get(0));
    String user =
        "{\"ind\":"
            + pin.getInt64("ind")
            + ",\"user_name\":\"New Comer\",\"age\":30,\"date_joined\":\"2016-03-01T00:00:00Z\"}";
    view.speedRow(
        Table.USER,
        record(Table.USER, CuratedJson.toJson(CuratedJson.fromJson(CuratedSchemas.USER, user))));
    assertNotEquals(answer(reference, "q6"), answer(view.answers(), "q6"));
  }

  private static AnalyticsAnswer answer(List<AnalyticsAnswer> answers, String id) {
    return answers.stream().filter(a -> a.id.equals(id)).findFirst().orElseThrow();
  }

  private static Row changed(Table table, Row row) {
    Row.FieldValueBuilder builder = Row.fromRow(row);
    return switch (table) {
      case PIN ->
          builder.withFieldValue("category", "conflicting-" + row.getString("category")).build();
      case GEO ->
          builder.withFieldValue("country", row.getString("country") + " (disputed)").build();
      case USER ->
          builder
              .withFieldValue("age", row.getInt32("age") == null ? 40 : row.getInt32("age") + 20)
              .build();
    };
  }

  private static Record record(Table table, String line) {
    return IcebergSchemas.toRecord(
        CuratedJson.fromJson(table.curatedSchema(), line), LakeTables.batchSchema(table));
  }

  private static List<String> golden(Table table) throws IOException {
    return GoldenRows.inRowOrder(table.id());
  }
}
