package io.pinpipe.pipelines.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the answers of the batch questions as {@code <root>/analytics/report.html}: one
 * self-contained HTML5 page, readable offline.
 *
 * <p>The page has no scripts at all and references nothing outside itself (no external scripts,
 * fonts, images, style sheets or links; the only links are {@code #id} anchors of the contents
 * list). Its style is one inline {@code <style>} element, and a Content-Security-Policy meta tag
 * ({@code default-src 'none'}) forbids every script and every fetch, as a second wall behind the
 * escaping.
 *
 * <p>Each answer becomes a {@code <section id="<id>">} with
 *
 * <ul>
 *   <li>an {@code <h2>} with the id and the question;
 *   <li>the table: a {@code <thead>} from the columns and every row, numbers right-aligned, a null
 *       shown as "–";
 *   <li>a horizontal bar chart as inline {@code <svg>}: one row per answer row, labelled with the
 *       other columns joined with " · ", and one {@code <rect class="bar">} per row whose last
 *       column (the number) is not null. A bar's length is the value relative to the largest value
 *       of that answer (the largest gets the full length; all bars are 0 long when the largest is 0
 *       or less; a negative value gets a 0-long bar). The value, with thousands grouping, is
 *       printed at the bar's end. A row whose number is null has no bar: its label is shown with
 *       "–". The svg is as tall as its rows (22 px each), so a long answer such as q1 with hundreds
 *       of countries renders whole; the page shows it in a scrolling box.
 * </ul>
 *
 * <p>An answer with no rows shows its table header, a "no rows" row and a "no rows" note instead of
 * a chart: no svg is drawn for it.
 *
 * <p>Every text that comes from the answers (ids, questions, column names, values) is escaped with
 * {@link #escape(String)}, in the table and in the svg alike, so hostile text such as {@code
 * <script>…</script>} comes out as inert text. Labels longer than 48 characters are cut with "…" in
 * the chart (the full text is in the bar's {@code <title>} tooltip and in the table).
 *
 * <p>The output is deterministic: the same answers give the same bytes, apart from {@code
 * generatedAt}.
 */
public final class ReportHtml {
  static final String TITLE = "pinpipe \u2014 batch analytics";

  /** Separator of the label columns in a chart label. */
  static final String LABEL_SEPARATOR = " \u00b7 ";

  /** Shown for a null value. */
  static final String NULL_TEXT = "\u2013";

  // Chart geometry, in px.
  static final int CHART_WIDTH = 700;
  static final int ROW_HEIGHT = 22;
  static final int BAR_HEIGHT = 16;
  static final int PAD = 6;
  static final int VALUE_WIDTH = 96;
  static final int CHAR_WIDTH = 7;
  static final int MIN_LABEL_WIDTH = 60;
  static final int MAX_LABEL_CHARS = 48;

  private static final String CSS =
      String.join(
          "\n",
          ":root { color-scheme: light; }",
          "* { box-sizing: border-box; }",
          "body { margin: 0; padding: 24px 32px 48px; background: #f6f7f9; color: #1f2328;",
          "  font: 14px/1.45 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial,"
              + " \"Noto Sans\", \"Liberation Sans\", sans-serif; }",
          "header, main { max-width: 1240px; margin: 0 auto; }",
          "h1 { font-size: 24px; margin: 0 0 4px; }",
          ".generated { color: #59636e; margin: 0 0 12px; }",
          "nav ul { list-style: none; padding: 0; margin: 0 0 20px; display: flex; flex-wrap: wrap; gap: 6px 8px; }",
          "nav a { display: inline-block; padding: 2px 10px; border: 1px solid #d1d9e0; border-radius: 999px;"
              + " background: #fff; color: #0b5cad; text-decoration: none; font-size: 13px; }",
          "nav a:hover { background: #eaf2fb; }",
          "section { background: #fff; border: 1px solid #d1d9e0; border-radius: 8px; padding: 16px 20px 20px;"
              + " margin: 0 0 20px; }",
          "h2 { font-size: 17px; margin: 0 0 2px; font-weight: 600; }",
          "h2 .qid { display: inline-block; min-width: 3.2em; margin-right: 6px; padding: 0 6px; border-radius: 4px;"
              + " background: #eaf2fb; color: #0b5cad; font-family: ui-monospace, \"SFMono-Regular\", Menlo,"
              + " Consolas, \"DejaVu Sans Mono\", monospace; font-size: 14px; text-align: center; }",
          ".meta { color: #59636e; margin: 0 0 12px; font-size: 13px; }",
          ".answer { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }",
          ".table-wrap, .chart-wrap { max-height: 440px; overflow: auto; border: 1px solid #e4e8ec; border-radius: 6px; }",
          ".table-wrap { flex: 0 1 auto; max-width: 100%; }",
          ".chart-wrap { flex: 1 1 520px; min-width: 0; max-width: " + (CHART_WIDTH + 2) + "px; }",
          "table { border-collapse: collapse; font-size: 13px; }",
          "th, td { padding: 3px 10px; text-align: left; border-bottom: 1px solid #eef1f4; white-space: nowrap; }",
          "thead th { position: sticky; top: 0; background: #f0f3f6; font-weight: 600; border-bottom: 1px solid #d1d9e0; }",
          "tbody tr:nth-child(even) td { background: #fafbfc; }",
          "th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }",
          "td.null { color: #8c959f; }",
          "td.empty, p.empty { color: #8c959f; font-style: italic; }",
          "svg { display: block; max-width: 100%; height: auto; }",
          "svg text { font-size: 12px; fill: #1f2328; dominant-baseline: middle; }",
          "svg text.label { text-anchor: end; }",
          "svg text.value { font-variant-numeric: tabular-nums; fill: #424a53; }",
          "svg text.none { fill: #8c959f; }",
          "svg rect.bar { fill: #4c78a8; }",
          "svg g.row:hover rect.bar { fill: #2f5d8c; }",
          "svg line.axis { stroke: #d1d9e0; }",
          "footer { max-width: 1240px; margin: 0 auto; color: #59636e; font-size: 12px; }");

  private ReportHtml() {}

  /**
   * The report page for {@code answers}, in their order.
   *
   * @param generatedAt when the report was made, shown as is (an ISO-8601 instant, say)
   */
  public static String render(List<AnalyticsAnswer> answers, String generatedAt) {
    return render(answers, generatedAt, java.util.Map.of());
  }

  /**
   * As {@link #render(List, String)}, saying under the title which snapshot (or folder) of each
   * table the answers were computed from.
   */
  public static String render(
      List<AnalyticsAnswer> answers,
      String generatedAt,
      java.util.Map<String, String> answeredFrom) {
    return render(
        answers,
        generatedAt,
        answeredFrom,
        0,
        "The same answers are in analytics/&lt;id&gt;.csv and .json beside this page.");
  }

  /**
   * The serving layer's live page: as {@link #render(List, String, java.util.Map)}, reloading
   * itself every {@code refreshSeconds} (a meta refresh: no script runs on the page).
   */
  public static String renderLive(
      List<AnalyticsAnswer> answers,
      String generatedAt,
      java.util.Map<String, String> answeredFrom,
      int refreshSeconds) {
    return render(
        answers,
        generatedAt,
        answeredFrom,
        refreshSeconds,
        "Live: the newest batch views merged with the speed layer, reloaded every "
            + refreshSeconds
            + " s. Each answer is also at /answers/&lt;id&gt; as JSON or CSV.");
  }

  private static String render(
      List<AnalyticsAnswer> answers,
      String generatedAt,
      java.util.Map<String, String> answeredFrom,
      int refreshSeconds,
      String footerHtml) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n")
        .append("<html lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"pinpipe\">\n")
        .append(
            refreshSeconds > 0
                ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">\n"
                : "")
        .append("<title>")
        .append(escape(TITLE))
        .append("</title>\n")
        .append("<style>\n")
        .append(CSS)
        .append("\n</style>\n")
        .append("</head>\n<body>\n<header>\n")
        .append("<h1>")
        .append(escape(TITLE))
        .append("</h1>\n")
        .append("<p class=\"generated\">Generated ")
        .append(escape(generatedAt == null ? NULL_TEXT : generatedAt))
        .append(" \u00b7 ")
        .append(answers.size())
        .append(answers.size() == 1 ? " answer" : " answers")
        .append("</p>\n");
    if (!answeredFrom.isEmpty()) {
      html.append("<p class=\"generated\">Answered from");
      String separator = " ";
      for (java.util.Map.Entry<String, String> source : answeredFrom.entrySet()) {
        html.append(separator)
            .append(escape(source.getKey()))
            .append(": ")
            .append(escape(source.getValue()));
        separator = " \u00b7 ";
      }
      html.append("</p>\n");
    }
    if (!answers.isEmpty()) {
      html.append("<nav aria-label=\"Answers\"><ul>\n");
      for (AnalyticsAnswer answer : answers) {
        html.append("<li><a href=\"#")
            .append(escape(answer.id))
            .append("\" title=\"")
            .append(escape(answer.question))
            .append("\">")
            .append(escape(answer.id))
            .append("</a></li>\n");
      }
      html.append("</ul></nav>\n");
    }
    html.append("</header>\n<main>\n");
    if (answers.isEmpty()) {
      html.append("<p class=\"empty\">no answers</p>\n");
    }
    for (AnalyticsAnswer answer : answers) {
      section(html, answer);
    }
    html.append("</main>\n<footer><p>Made by pinpipe from the curated pin, geo and user tables. ")
        .append(footerHtml)
        .append("</p></footer>\n");
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  /**
   * {@code text} made safe for HTML text and for quoted attribute values (double or single): {@code
   * & < > " '} become character references. C0 control characters other than tab, newline and
   * carriage return (and DEL), which HTML does not allow, become U+FFFD. {@code null} gives "".
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement;
      switch (c) {
        case '&':
          replacement = "&amp;";
          break;
        case '<':
          replacement = "&lt;";
          break;
        case '>':
          replacement = "&gt;";
          break;
        case '"':
          replacement = "&quot;";
          break;
        case '\'':
          replacement = "&#39;";
          break;
        default:
          replacement =
              (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? "\ufffd" : null;
      }
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static void section(StringBuilder html, AnalyticsAnswer answer) {
    String id = escape(answer.id);
    List<List<Object>> rows = answer.rows == null ? List.of() : answer.rows;
    html.append("<section id=\"")
        .append(id)
        .append("\">\n")
        .append("<h2><span class=\"qid\">")
        .append(id)
        .append("</span>")
        .append(escape(answer.question))
        .append("</h2>\n")
        .append("<p class=\"meta\">")
        .append(rows.size())
        .append(rows.size() == 1 ? " row" : " rows");
    if (!answer.columns.isEmpty()) {
      html.append(" \u00b7 bars: ").append(escape(answer.columns.get(answer.columns.size() - 1)));
    }
    html.append("</p>\n<div class=\"answer\">\n");
    table(html, answer.columns, rows);
    if (rows.isEmpty()) {
      html.append("<p class=\"empty\">no rows</p>\n");
    } else {
      chart(html, answer, rows);
    }
    html.append("</div>\n</section>\n");
  }

  private static void table(StringBuilder html, List<String> columns, List<List<Object>> rows) {
    int last = columns.size() - 1;
    boolean[] numeric = new boolean[columns.size()];
    html.append("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
    for (int c = 0; c < columns.size(); c++) {
      numeric[c] = c == last || numeric(rows, c);
      html.append(numeric[c] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">")
          .append(escape(columns.get(c)))
          .append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    if (rows.isEmpty()) {
      html.append("<tr><td class=\"empty\" colspan=\"")
          .append(Math.max(1, columns.size()))
          .append("\">no rows</td></tr>\n");
    }
    for (List<Object> row : rows) {
      html.append("<tr>");
      int cells = Math.max(columns.size(), row == null ? 0 : row.size());
      for (int c = 0; c < cells; c++) {
        Object value = row == null || c >= row.size() ? null : row.get(c);
        if (value == null) {
          html.append(
                  c < numeric.length && numeric[c]
                      ? "<td class=\"num null\">"
                      : "<td class=\"null\">")
              .append(NULL_TEXT)
              .append("</td>");
        } else if (value instanceof Number) {
          html.append("<td class=\"num\">").append(escape(String.valueOf(value))).append("</td>");
        } else {
          html.append("<td>").append(escape(String.valueOf(value))).append("</td>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n</div>\n");
  }

  private static void chart(StringBuilder html, AnalyticsAnswer answer, List<List<Object>> rows) {
    int n = rows.size();
    List<String> labels = new ArrayList<>(n);
    List<Double> values = new ArrayList<>(n);
    List<String> valueTexts = new ArrayList<>(n);
    int longestLabel = 0;
    double max = 0;
    for (List<Object> row : rows) {
      String label = label(row);
      labels.add(label);
      longestLabel =
          Math.max(
              longestLabel, Math.min(MAX_LABEL_CHARS + 1, label.codePointCount(0, label.length())));
      Object last = row == null || row.isEmpty() ? null : row.get(row.size() - 1);
      Double value = numberOf(last);
      values.add(value);
      valueTexts.add(
          value == null
              ? (last == null ? NULL_TEXT : String.valueOf(last))
              : formatValue(last, value));
      if (value != null && value > max) {
        max = value;
      }
    }
    int labelWidth =
        Math.min(CHART_WIDTH / 2, Math.max(MIN_LABEL_WIDTH, longestLabel * CHAR_WIDTH + 2 * PAD));
    int barX = labelWidth + PAD;
    int barMax = CHART_WIDTH - barX - VALUE_WIDTH;
    int height = n * ROW_HEIGHT + 2 * PAD;
    String lastColumn =
        answer.columns.isEmpty() ? "value" : answer.columns.get(answer.columns.size() - 1);

    html.append("<div class=\"chart-wrap\">\n")
        .append("<svg class=\"chart\" width=\"")
        .append(CHART_WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(CHART_WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(escape("Bar chart of " + answer.id + ": " + lastColumn))
        .append("\">\n")
        .append("<line class=\"axis\" x1=\"")
        .append(barX)
        .append("\" y1=\"")
        .append(PAD / 2)
        .append("\" x2=\"")
        .append(barX)
        .append("\" y2=\"")
        .append(height - PAD / 2)
        .append("\"/>\n");
    for (int i = 0; i < n; i++) {
      int top = PAD + i * ROW_HEIGHT;
      double middle = top + ROW_HEIGHT / 2.0;
      String label = labels.get(i);
      String shown = cut(label);
      Double value = values.get(i);
      html.append("<g class=\"row\"><title>")
          .append(escape(label))
          .append(": ")
          .append(escape(valueTexts.get(i)))
          .append("</title>");
      html.append("<text class=\"label\" x=\"")
          .append(labelWidth)
          .append("\" y=\"")
          .append(num(middle))
          .append("\">")
          .append(escape(shown))
          .append("</text>");
      if (value == null) {
        html.append("<text class=\"value none\" x=\"")
            .append(barX + PAD)
            .append("\" y=\"")
            .append(num(middle))
            .append("\">")
            .append(escape(valueTexts.get(i)))
            .append("</text>");
      } else {
        double width = max <= 0 || value <= 0 ? 0 : value / max * barMax;
        html.append("<rect class=\"bar\" x=\"")
            .append(barX)
            .append("\" y=\"")
            .append(num(top + (ROW_HEIGHT - BAR_HEIGHT) / 2.0))
            .append("\" width=\"")
            .append(num(width))
            .append("\" height=\"")
            .append(BAR_HEIGHT)
            .append("\"/>");
        html.append("<text class=\"value\" x=\"")
            .append(num(barX + width + PAD))
            .append("\" y=\"")
            .append(num(middle))
            .append("\">")
            .append(escape(valueTexts.get(i)))
            .append("</text>");
      }
      html.append("</g>\n");
    }
    html.append("</svg>\n</div>\n");
  }

  /** Whether column {@code c} has a value and all its values are numbers (or null). */
  private static boolean numeric(List<List<Object>> rows, int c) {
    boolean any = false;
    for (List<Object> row : rows) {
      Object value = row == null || c >= row.size() ? null : row.get(c);
      if (value != null) {
        if (!(value instanceof Number)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** The columns before the last, joined with " · "; a null as "–". */
  private static String label(List<Object> row) {
    if (row == null || row.size() < 2) {
      return "";
    }
    StringBuilder label = new StringBuilder();
    for (int c = 0; c < row.size() - 1; c++) {
      if (c > 0) {
        label.append(LABEL_SEPARATOR);
      }
      Object value = row.get(c);
      label.append(value == null ? NULL_TEXT : String.valueOf(value));
    }
    return label.toString();
  }

  private static String cut(String label) {
    if (label.codePointCount(0, label.length()) <= MAX_LABEL_CHARS) {
      return label;
    }
    return label.substring(0, label.offsetByCodePoints(0, MAX_LABEL_CHARS - 1)) + "\u2026";
  }

  /** The value as a number, or null when it is null or no number. */
  static Double numberOf(Object value) {
    if (value instanceof Number) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (value instanceof String) {
      try {
        double d = new BigDecimal(((String) value).trim()).doubleValue();
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String formatValue(Object raw, double value) {
    if (raw instanceof Long
        || raw instanceof Integer
        || raw instanceof Short
        || raw instanceof Byte) {
      return String.format(Locale.ROOT, "%,d", ((Number) raw).longValue());
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    return String.format(Locale.ROOT, "%,.2f", value);
  }

  /** A coordinate with at most two decimals, without trailing zeros: deterministic and short. */
  static String num(double value) {
    String s = String.format(Locale.ROOT, "%.2f", value);
    if (s.indexOf('.') >= 0) {
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
      s = s.substring(0, end);
    }
    return "-0".equals(s) ? "0" : s;
  }
}
