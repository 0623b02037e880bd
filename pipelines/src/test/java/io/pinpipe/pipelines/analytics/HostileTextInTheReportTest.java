package io.pinpipe.pipelines.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text is data all the way to the answers: {@code analytics} over curated rows whose country,
 * category and poster name hold HTML, script and SQL injection writes a report that shows them only
 * escaped (no live tag, attribute or comment), and CSV and JSON answers that keep them byte-exact.
 */
class HostileTextInTheReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One per country, category and poster name; each ends up in q1 and q3. */
  static final List<String> HOSTILE =
      List.of(
          "<script>alert(1)</script>",
          "\"><img src=x onerror=alert(1)>",
          "</style><script>alert(2)</script>",
          "<svg onload=alert(3)>",
          "'><a href=javascript:alert(4)>x</a>",
          "</textarea></title><script>alert(6)</script>",
          "<!-- <body onload=alert(7)>",
          "Robert'); DROP TABLE pinterest_data;--");

  /** Every element the report itself draws (ReportHtml); anything else would be injected. */
  private static final Set<String> REPORT_TAGS =
      Set.of(
          "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "nav", "ul",
          "li", "a", "main", "section", "span", "div", "table", "thead", "tbody", "tr", "th", "td",
          "svg", "g", "rect", "text", "line", "footer");

  @TempDir static Path work;
  static Path analytics;

  @BeforeAll
  static void runAnalyticsOverHostileCuratedRows() throws Exception {
    Path lake = work.resolve("lake");
    List<String> pins = new ArrayList<>();
    List<String> geos = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      String country = HOSTILE.get(i);
      String category = HOSTILE.get((i + 1) % HOSTILE.size());
      String poster = HOSTILE.get((i + 2) % HOSTILE.size());
      pins.add(
          "{\"ind\":"
              + i
              + ",\"unique_id\":\"u"
              + i
              + "\",\"title\":"
              + quote(poster)
              + ",\"description\":null,\"follower_count\":"
              + (1000 + i)
              + ",\"poster_name\":"
              + quote(poster)
              + ",\"tag_list\":null,\"is_image_or_video\":\"image\",\"image_src\":null,\"save_location\":null,"
              + "\"category\":"
              + quote(category)
              + "}");
      geos.add(
          "{\"ind\":"
              + i
              + ",\"country\":"
              + quote(country)
              + ",\"coordinates\":[1.0,2.0],\"timestamp\":\"2020-01-0"
              + (i % 9 + 1)
              + "T00:00:00Z\"}");
      users.add(
          "{\"ind\":"
              + i
              + ",\"user_name\":"
              + quote(poster)
              + ",\"age\":"
              + (20 + i)
              + ",\"date_joined\":\"2016-01-01T00:00:00Z\"}");
    }
    write(lake, "pin", pins);
    write(lake, "geo", geos);
    write(lake, "user", users);
    Path out = work.resolve("out");
    AnalyticsPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--input=" + lake,
                "--output=" + out,
                "--inputFormat=jsonl")
            .as(AnalyticsPipeline.Options.class));
    analytics = out.resolve("analytics");
  }

  @Test
  void theReportShowsInjectedTextOnlyEscaped() throws Exception {
    String html = Files.readString(analytics.resolve("report.html"), StandardCharsets.UTF_8);
    for (String hostile : HOSTILE) {
      assertTrue(html.contains(ReportHtml.escape(hostile)), "shown as text: " + hostile);
    }
    Matcher tags = Pattern.compile("<\\s*/?\\s*([A-Za-z][A-Za-z0-9-]*)").matcher(html);
    while (tags.find()) {
      assertTrue(
          REPORT_TAGS.contains(tags.group(1).toLowerCase(java.util.Locale.ROOT)),
          "a live injected tag: "
              + html.substring(tags.start(), Math.min(html.length(), tags.start() + 60)));
    }
    assertFalse(
        Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "a live event-handler attribute");
    assertFalse(html.contains("<!--"), "a live comment");
    assertEquals(1, html.split("</style>", -1).length - 1, "the one style element is closed once");
    Matcher refs = Pattern.compile("\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    while (refs.find()) {
      assertTrue(refs.group(1).startsWith("#"), "only in-page anchors: " + refs.group(1));
    }
  }

  @Test
  void csvAndJsonAnswersKeepInjectedTextByteExact() throws Exception {
    for (String id : List.of("q1", "q3")) {
      Set<String> values = new HashSet<>();
      for (JsonNode row :
          JSON.readTree(
              Files.readString(analytics.resolve(id + ".json"), StandardCharsets.UTF_8))) {
        row.forEach(value -> values.add(value.asText()));
      }
      String csv = Files.readString(analytics.resolve(id + ".csv"), StandardCharsets.UTF_8);
      for (String hostile : HOSTILE) {
        assertTrue(values.contains(hostile), id + ".json lacks " + hostile + ": " + values);
        String field =
            hostile.contains("\"") || hostile.contains(",")
                ? "\"" + hostile.replace("\"", "\"\"") + "\""
                : hostile;
        assertTrue(csv.contains(field), id + ".csv lacks " + field);
      }
    }
  }

  private static void write(Path lake, String table, List<String> rows) throws Exception {
    Path dir = lake.resolve("curated").resolve(table);
    Files.createDirectories(dir);
    Files.write(
        dir.resolve("part-00000-of-00001.jsonl"),
        (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String text) throws Exception {
    return JSON.writeValueAsString(text);
  }
}
