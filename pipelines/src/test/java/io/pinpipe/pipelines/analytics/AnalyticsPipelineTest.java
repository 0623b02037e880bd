package io.pinpipe.pipelines.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.demo.DemoRun;
import io.pinpipe.transforms.analytics.Question;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analytics} end to end on the DirectRunner over the curated real rows: every answer in CSV
 * and JSON, the same bytes from the Iceberg tables (what the demo answered from) and from the JSON
 * Lines export, in row order.
 */
class AnalyticsPipelineTest {
  @TempDir Path work;

  @Test
  void answersAreDeterministicAndTheSameFromIcebergAndJsonLines() throws Exception {
    // The demo's lake and answers (answered from the Iceberg tables), shared with DemoPipelineTest.
    Path lake = DemoRun.shared().output;

    Path fromJsonl = work.resolve("from-jsonl");
    List<AnalyticsAnswer> answers =
        AnalyticsPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--input=" + lake, "--output=" + fromJsonl, "--inputFormat=jsonl")
                .as(AnalyticsPipeline.Options.class));
    assertEquals(Question.values().length, answers.size());
    for (Question q : Question.values()) {
      for (String suffix : List.of(".csv", ".json")) {
        Path a = lake.resolve("analytics").resolve(q.id() + suffix);
        Path b = fromJsonl.resolve("analytics").resolve(q.id() + suffix);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), q.id() + suffix);
      }
      String csv =
          Files.readString(
              lake.resolve("analytics").resolve(q.id() + ".csv"), StandardCharsets.UTF_8);
      assertTrue(
          csv.startsWith(String.join(",", q.schema().getFieldNames()) + "\r\n"),
          q.id() + ": header row");
    }
    AnalyticsAnswer q6 = answers.get(Question.Q6.ordinal());
    assertEquals(List.of("post_year", "number_users_joined"), q6.columns);
    assertEquals(
        List.of(2015L, 2016L, 2017L),
        q6.rows.stream().map(r -> r.get(0)).collect(java.util.stream.Collectors.toList()),
        "users joined 2015-10 … 2017-10, in year order");
    assertEquals(11154L, q6.rows.stream().mapToLong(r -> (Long) r.get(1)).sum());
    AnalyticsAnswer q5 = answers.get(Question.Q5.ordinal());
    assertEquals(
        List.of("18-24", "25-35", "36-50", "+50"),
        q5.rows.stream().map(r -> r.get(0)).collect(java.util.stream.Collectors.toList()),
        "age group order");
    assertTrue(Files.readString(fromJsonl.resolve("analytics/report.html")).contains("<svg"));
  }

  @Test
  void csvQuotesFieldsPerRfc4180AndJsonKeepsColumnOrder() {
    AnalyticsAnswer answer =
        new AnalyticsAnswer(
            "q3",
            "User with the most followers in each country",
            List.of("country", "poster_name", "follower_count"),
            List.of(
                Arrays.asList("Korea, Republic of", "Say \"hi\"", 5L),
                Arrays.asList("Chad", null, 7L)));
    assertEquals(
        "country,poster_name,follower_count\r\n\"Korea, Republic of\",\"Say \"\"hi\"\"\",5\r\nChad,,7\r\n",
        AnswerFiles.csv(answer));
    AnalyticsAnswer back =
        AnswerFiles.fromJson("q3", answer.question, answer.columns, AnswerFiles.json(answer));
    assertEquals(answer, back);
    assertTrue(
        AnswerFiles.json(answer).indexOf("\"country\"")
            < AnswerFiles.json(answer).indexOf("\"poster_name\""));
  }
}
