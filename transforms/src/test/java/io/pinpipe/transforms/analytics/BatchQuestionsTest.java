package io.pinpipe.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * analytics.md on a real pipeline: the answers equal those computed independently in plain Java
 * ({@link PlainJavaAnswers}), on the real rows and on small hand-made tables that exercise ties,
 * nulls, age-group boundaries, years just inside and outside the ranges and duplicate keys.
 */
class BatchQuestionsTest {

  @Test
  void realRowsGiveTheIndependentlyComputedAnswers() throws Exception {
    List<Row> pins = curated(Table.PIN);
    List<Row> geos = curated(Table.GEO);
    List<Row> users = curated(Table.USER);
    Map<Question, Set<Row>> expected = PlainJavaAnswers.answer(pins, geos, users);
    assertTrue(expected.get(Question.Q1).size() > 100, "q1 covers the countries");
    assertPipelineAnswers(pins, geos, users, expected);
  }

  @Test
  void handMadeTablesCoverTiesNullsBoundariesAndYearRanges() {
    List<Row> pins = new ArrayList<>();
    List<Row> geos = new ArrayList<>();
    List<Row> users = new ArrayList<>();
    int[] ages = {17, 18, 24, 25, 35, 36, 50, 51, 17, 60};
    String[] joined = {
      "2014-12-31T23:59:59Z",
      "2015-01-01T00:00:00Z",
      "2020-12-31T23:59:59Z",
      "2021-01-01T00:00:00Z",
      "2016-06-01T00:00:00Z",
      "2016-06-01T00:00:00Z",
      "2017-03-01T00:00:00Z",
      "2019-01-01T00:00:00Z",
      "2015-05-05T00:00:00Z",
      "2015-05-05T00:00:00Z"
    };
    String[] posted = {
      "2017-12-31T23:59:59Z",
      "2018-01-01T00:00:00Z",
      "2022-12-31T23:59:59Z",
      "2023-01-01T00:00:00Z",
      "2019-01-01T00:00:00Z",
      "2019-01-01T00:00:00Z",
      "2020-01-01T00:00:00Z",
      "2020-01-01T00:00:00Z",
      "2021-01-01T00:00:00Z",
      "2021-01-01T00:00:00Z"
    };
    String[] categories = {
      "art", "travel", "art", "travel", "quotes", "quotes", "art", "diy", "art", "travel"
    };
    Long[] followers = {10L, 20L, null, 40L, 50L, 50L, 70L, 80L, 90L, 100L};
    String[] countries = {
      "Aruba", "Aruba", "Benin", "Benin", "Chad", "Chad", "Chad", "Aruba", "Benin", "Chad"
    };
    for (int i = 0; i < ages.length; i++) {
      pins.add(
          Row.withSchema(CuratedSchemas.PIN)
              .addValues(
                  (long) i,
                  "u" + i,
                  null,
                  null,
                  followers[i],
                  i == 5 ? "Poster <b>\"5\"</b>" : "Poster " + (i % 3),
                  null,
                  "image",
                  null,
                  "/data/" + categories[i],
                  categories[i])
              .build());
      geos.add(
          Row.withSchema(CuratedSchemas.GEO)
              .addValues((long) i, countries[i], List.of(1.0, 2.0), Instant.parse(posted[i]))
              .build());
      users.add(
          Row.withSchema(CuratedSchemas.USER)
              .addValues((long) i, "User " + i, ages[i], Instant.parse(joined[i]))
              .build());
    }
    // A key with two distinct user rows (kept by de-duplication) joins twice; a user with no age.
    users.add(
        Row.withSchema(CuratedSchemas.USER)
            .addValues(9L, "User 9b", 30, Instant.parse("2018-01-01T00:00:00Z"))
            .build());
    users.add(Row.withSchema(CuratedSchemas.USER).addValues(11L, "Nobody", null, null).build());
    // A post with no geo and no user row: in no join.
    pins.add(
        Row.withSchema(CuratedSchemas.PIN)
            .addValues(99L, "u99", null, null, 5L, "Lonely", null, null, null, null, "art")
            .build());

    Map<Question, Set<Row>> expected = PlainJavaAnswers.answer(pins, geos, users);
    // Spot checks of the spec itself, so the independent answers are not wrong in the same way.
    assertEquals(
        Set.of(
            row(Question.Q5, "18-24", 20L),
            row(Question.Q5, "25-35", 50L),
            row(Question.Q5, "36-50", 50L),
            row(Question.Q5, "+50", 80L)),
        expected.get(Question.Q5),
        "lower median; age 17 in no group; null follower counts left out");
    assertEquals(Set.of(row(Question.Q3_TOP, "Chad", 100L)), expected.get(Question.Q3_TOP));
    assertTrue(
        expected.get(Question.Q6).contains(row(Question.Q6, 2015L, 3L)),
        "2015-01-01T00:00:00Z is in 2015");
    assertTrue(
        expected.get(Question.Q6).stream()
            .noneMatch(r -> r.getInt64("post_year") == 2014L || r.getInt64("post_year") == 2021L));
    assertEquals(
        2,
        expected.get(Question.Q4).stream()
            .filter(r -> r.getString("age_group").equals("36-50"))
            .count(),
        "a tie keeps both");
    assertPipelineAnswers(pins, geos, users, expected);
  }

  @Test
  void rowOrderFollowsTheSpec() {
    List<Row> rows =
        new ArrayList<>(
            List.of(
                row(Question.Q8, "+50", 2016L, 1L),
                row(Question.Q8, "18-24", 2017L, 1L),
                row(Question.Q8, "18-24", 2015L, 1L),
                row(Question.Q8, "36-50", 2015L, 1L),
                row(Question.Q8, "25-35", 2020L, 1L)));
    rows.sort(Question.Q8.rowOrder());
    assertEquals(
        List.of(
            row(Question.Q8, "18-24", 2015L, 1L),
            row(Question.Q8, "18-24", 2017L, 1L),
            row(Question.Q8, "25-35", 2020L, 1L),
            row(Question.Q8, "36-50", 2015L, 1L),
            row(Question.Q8, "+50", 2016L, 1L)),
        rows);
  }

  private static void assertPipelineAnswers(
      List<Row> pins, List<Row> geos, List<Row> users, Map<Question, Set<Row>> expected) {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple tables =
        PCollectionTuple.of(
                BatchQuestions.PIN,
                pipeline.apply("Pins", Create.of(pins).withRowSchema(CuratedSchemas.PIN)))
            .and(
                BatchQuestions.GEO,
                pipeline.apply("Geos", Create.of(geos).withRowSchema(CuratedSchemas.GEO)))
            .and(
                BatchQuestions.USER,
                pipeline.apply("Users", Create.of(users).withRowSchema(CuratedSchemas.USER)));
    PCollectionTuple answers = tables.apply(BatchQuestions.all());
    for (Question q : Question.values()) {
      PAssert.that(q.id(), answers.get(q.tag())).containsInAnyOrder(expected.get(q));
    }
    pipeline.run().waitUntilFinish();
  }

  private static Row row(Question q, Object... values) {
    return Row.withSchema(q.schema()).addValues(values).build();
  }

  private static List<Row> curated(Table table) throws Exception {
    RecordCleaner curator = table.cleaner();
    Set<Row> rows = new LinkedHashSet<>();
    for (String line : RealRows.lines(table.id())) {
      rows.add(curator.curate(line));
    }
    return new ArrayList<>(rows);
  }
}
