package io.pinpipe.pipelines.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The analytics report page: its sections, tables, bars, escaping and self-containedness. */
class ReportHtmlTest {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String ATTRIBUTE = "\"><img src=x onerror=alert(2)>";
  static final String SINGLE = "it's <b>bold</b> & 'quoted'";

  private static final Pattern BAR =
      Pattern.compile("<rect class=\"bar\"[^>]*\\bwidth=\"([0-9.]+)\"");

  static List<Object> row(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  static List<AnalyticsAnswer> sample() {
    return List.of(
        new AnalyticsAnswer(
            "q1",
            "Most popular category in each country",
            List.of("country", "category", "category_count"),
            List.of(
                row("Albania", "art", 12L), row("Brazil", SCRIPT, 30L), row("Chad", "travel", 6L))),
        new AnalyticsAnswer(
            "q3",
            "User with the most followers in each country",
            List.of("country", "poster_name", "follower_count"),
            List.of(
                row("Albania", ATTRIBUTE, 1_000_000L),
                row("Brazil", SINGLE, null),
                row(null, "nobody", 250_000L))),
        new AnalyticsAnswer(
            "q3_top",
            "Country of the user with the most followers",
            List.of("country", "follower_count"),
            List.of(row("Albania", 1_000_000L))),
        new AnalyticsAnswer(
            "q6",
            "Users who joined each year, 2015–2020",
            List.of("post_year", "number_users_joined"),
            List.of()),
        new AnalyticsAnswer(
            "q7",
            "Median follower count by joining year, 2015–2020",
            List.of("post_year", "median_follower_count"),
            List.of(row(2015L, null), row(2016L, null))));
  }

  static List<Double> barWidths(String html) {
    List<Double> widths = new ArrayList<>();
    Matcher m = BAR.matcher(html);
    while (m.find()) {
      widths.add(Double.parseDouble(m.group(1)));
    }
    return widths;
  }

  static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertTrue(start >= 0, "section " + id);
    return html.substring(start, html.indexOf("</section>", start));
  }

  @Test
  void isOnePageWithASectionPerAnswerInOrder() {
    String html = ReportHtml.render(sample(), "2025-01-02T03:04:05Z");
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<meta charset=\"utf-8\">"));
    assertTrue(html.contains("<title>pinpipe — batch analytics</title>"));
    assertTrue(html.contains("<h1>pinpipe — batch analytics</h1>"));
    assertTrue(html.contains("2025-01-02T03:04:05Z"));
    int last = -1;
    for (AnalyticsAnswer answer : sample()) {
      int at = html.indexOf("<section id=\"" + answer.id + "\">");
      assertTrue(at > last, "section " + answer.id + " in order");
      last = at;
      String section = section(html, answer.id);
      assertTrue(section.contains("<h2>"), answer.id);
      assertTrue(section.contains(">" + answer.id + "</span>"), answer.id);
      assertTrue(section.contains("<table>") && section.contains("<thead>"), answer.id);
      for (String column : answer.columns) {
        assertTrue(section.contains(">" + column + "</th>"), answer.id + " column " + column);
      }
      assertEquals(
          Math.max(1, answer.rows.size()),
          count(section.substring(section.indexOf("<tbody>")), "<tr>"),
          answer.id + " table rows");
    }
    assertEquals(sample().size(), count(html, "<section id="));
  }

  @Test
  void drawsOneBarPerRowWithANumber() {
    String html = ReportHtml.render(sample(), "now");
    for (AnalyticsAnswer answer : sample()) {
      long expected = answer.rows.stream().filter(r -> r.get(r.size() - 1) != null).count();
      assertEquals(expected, count(section(html, answer.id), "<rect class=\"bar\""), answer.id);
    }
    assertEquals(6, count(html, "<rect class=\"bar\""));
    // A null value: no bar, the label with "–".
    String q3 = section(html, "q3");
    assertTrue(q3.contains("<text class=\"value none\""), q3);
    assertTrue(q3.contains("<td class=\"num null\">–</td>"), q3);
    assertTrue(q3.contains("<tr><td class=\"null\">–</td><td>nobody</td>"), q3);
    // The null label column of a row shows as "–" in the label.
    assertTrue(q3.contains(">– · nobody</text>"), q3);
    // All values null: a chart of labels without bars.
    String q7 = section(html, "q7");
    assertTrue(q7.contains("<svg"), q7);
    assertEquals(2, count(q7, "class=\"value none\""));
  }

  @Test
  void anAnswerWithoutRowsSaysSoAndHasNoChart() {
    String q6 = section(ReportHtml.render(sample(), "now"), "q6");
    assertTrue(q6.contains("no rows"), q6);
    assertFalse(q6.contains("<svg"), q6);
    assertTrue(q6.contains("0 rows"), q6);
  }

  @Test
  void barLengthsAreProportionalToTheValues() {
    String html = ReportHtml.render(sample(), "now");
    List<Double> q1 = barWidths(section(html, "q1"));
    assertEquals(3, q1.size());
    double full = q1.get(1); // 30 is the max
    assertTrue(full > 300, "the max bar gets the full length: " + full);
    assertEquals(12.0 / 30, q1.get(0) / full, 0.001);
    assertEquals(6.0 / 30, q1.get(2) / full, 0.001);

    List<Double> q3 = barWidths(section(html, "q3"));
    assertEquals(2, q3.size());
    assertEquals(0.25, q3.get(1) / q3.get(0), 0.001);
    assertTrue(html.contains(">1,000,000</text>"), "thousands grouping in the chart");
    assertTrue(html.contains("<td class=\"num\">1000000</td>"), "the raw number in the table");
  }

  @Test
  void hostileTextIsEscapedEverywhere() {
    String html = ReportHtml.render(sample(), "<script>alert('at')</script>");
    assertFalse(html.contains("<script"), "no script element at all");
    assertFalse(html.contains("<img"), "no injected element");
    assertFalse(html.contains("<b>"), "no injected element");
    assertFalse(
        Pattern.compile("<[a-z][^<>]*\\sonerror", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "no injected attribute");
    String script = ReportHtml.escape(SCRIPT);
    assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", script);
    String q1 = section(html, "q1");
    assertTrue(q1.contains("<td>" + script + "</td>"), "escaped in the table");
    assertTrue(q1.contains(">Brazil · " + script + "</text>"), "escaped in the svg text");
    String q3 = section(html, "q3");
    assertTrue(q3.contains("<td>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</td>"), q3);
    assertTrue(q3.contains("it&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;"), q3);
    assertTrue(
        html.contains("&lt;script&gt;alert(&#39;at&#39;)&lt;/script&gt;"), "generatedAt escaped");
  }

  @Test
  void hostileIdsColumnsAndQuestionsAreEscapedToo() {
    AnalyticsAnswer evil =
        new AnalyticsAnswer(
            "x\" onmouseover=\"alert(1)",
            "<script>q</script>",
            List.of("<i>col</i>", "n'\"um"),
            List.of(row("a", 1L)));
    String html = ReportHtml.render(List.of(evil), "now");
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("<i>"));
    assertFalse(html.contains("\" onmouseover=\""));
    assertTrue(html.contains("<section id=\"x&quot; onmouseover=&quot;alert(1)\">"));
    assertTrue(html.contains("&lt;i&gt;col&lt;/i&gt;"));
    assertTrue(html.contains("n&#39;&quot;um"));
  }

  @Test
  void escapeEscapesTheFiveCharacters() {
    assertEquals("&amp;&lt;&gt;&quot;&#39;", ReportHtml.escape("&<>\"'"));
    assertEquals("plain text · ünïcødé", ReportHtml.escape("plain text · ünïcødé"));
    assertEquals("&amp;amp;", ReportHtml.escape("&amp;"));
    assertEquals("", ReportHtml.escape(null));
    assertEquals("a\ufffdb\tc\nd", ReportHtml.escape("a\u0000b\tc\nd"));
  }

  @Test
  void referencesNothingOutsideThePage() {
    String html = ReportHtml.render(sample(), "now").toLowerCase(Locale.ROOT);
    assertFalse(html.contains("http://"), "no http:// reference");
    assertFalse(html.contains("https://"), "no https:// reference");
    assertFalse(html.contains("<link"), "no style sheet link");
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("@import"), "no css import");
    assertFalse(html.contains("url("), "no css url");
    Matcher refs = Pattern.compile("\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    while (refs.find()) {
      assertTrue(refs.group(1).startsWith("#"), "only in-page anchors: " + refs.group(1));
    }
    assertEquals(1, count(html, "<style>"));
  }

  @Test
  void aLongAnswerRendersWholeWithTheSvgSizedToItsRows() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      rows.add(row(String.format(Locale.ROOT, "Country %03d", i), "category", (long) (i % 17 + 1)));
    }
    AnalyticsAnswer q1 =
        new AnalyticsAnswer(
            "q1",
            "Most popular category in each country",
            List.of("country", "category", "category_count"),
            rows);
    String html = ReportHtml.render(List.of(q1), "now");
    assertEquals(240, count(html, "<rect class=\"bar\""));
    assertTrue(html.contains("Country 239 · category"));
    Matcher height =
        Pattern.compile("<svg class=\"chart\" width=\"\\d+\" height=\"(\\d+)\"").matcher(html);
    assertTrue(height.find());
    assertTrue(Integer.parseInt(height.group(1)) >= 240 * ReportHtml.ROW_HEIGHT, height.group(1));
  }

  @Test
  void isDeterministic() {
    assertEquals(ReportHtml.render(sample(), "t"), ReportHtml.render(sample(), "t"));
    assertEquals(
        ReportHtml.render(sample(), "t"),
        ReportHtml.render(sample(), "u").replace("Generated u", "Generated t"));
  }

  @Test
  void zeroMaxGivesZeroLengthBarsAndNoPageForNoAnswers() {
    AnalyticsAnswer zeros =
        new AnalyticsAnswer(
            "q6",
            "Users who joined each year, 2015–2020",
            List.of("post_year", "number_users_joined"),
            List.of(row(2015L, 0L), row(2016L, 0L)));
    assertEquals(List.of(0.0, 0.0), barWidths(ReportHtml.render(List.of(zeros), "now")));
    String empty = ReportHtml.render(List.of(), "now");
    assertTrue(empty.contains("no answers"));
    assertTrue(empty.endsWith("</html>\n"));
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
      n++;
    }
    return n;
  }
}
