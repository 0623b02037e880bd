package io.pinpipe.pipelines.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file forms of an answer (analytics.md "Output"): CSV per RFC 4180 (header row, CRLF line
 * ends, fields quoted when they hold a comma, quote or line break) and a JSON array of objects with
 * the columns in order. Same answer, same bytes.
 */
public final class AnswerFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnswerFiles() {}

  public static String csv(AnalyticsAnswer answer) {
    StringBuilder out = new StringBuilder();
    appendCsvRecord(out, new ArrayList<>(answer.columns));
    for (List<Object> row : answer.rows) {
      appendCsvRecord(out, row);
    }
    return out.toString();
  }

  private static void appendCsvRecord(StringBuilder out, List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object value = values.get(i);
      String text = value == null ? "" : value.toString();
      if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
        out.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        out.append(text);
      }
    }
    out.append("\r\n");
  }

  public static String json(AnalyticsAnswer answer) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(jsonRows(answer)) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rows as a JSON array of objects with the columns in order: the content of {@link #json}.
   */
  public static ArrayNode jsonRows(AnalyticsAnswer answer) {
    ArrayNode array = JSON.createArrayNode();
    for (List<Object> row : answer.rows) {
      ObjectNode object = array.addObject();
      for (int i = 0; i < answer.columns.size(); i++) {
        Object value = row.get(i);
        if (value == null) {
          object.putNull(answer.columns.get(i));
        } else if (value instanceof Long) {
          object.put(answer.columns.get(i), (Long) value);
        } else {
          object.put(answer.columns.get(i), value.toString());
        }
      }
    }
    return array;
  }

  /** Reads back the JSON form written by {@link #json}. */
  public static AnalyticsAnswer fromJson(
      String id, String question, List<String> columns, String text) {
    try {
      List<List<Object>> rows = new ArrayList<>();
      for (JsonNode object : JSON.readTree(text)) {
        List<Object> row = new ArrayList<>();
        for (String column : columns) {
          JsonNode value = object.get(column);
          row.add(
              value == null || value.isNull()
                  ? null
                  : value.isIntegralNumber() ? (Object) value.longValue() : value.textValue());
        }
        rows.add(row);
      }
      return new AnalyticsAnswer(id, question, columns, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("not an answer file: " + id, e);
    }
  }

  /** Which table snapshot (or export folder) each table was read from, as a JSON object. */
  public static String provenance(Map<String, String> answeredFrom) {
    try {
      return JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(Map.of("answered_from", answeredFrom))
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer as an aligned text table, for the terminal. */
  public static String table(AnalyticsAnswer answer) {
    int[] widths = new int[answer.columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = answer.columns.get(i).length();
      for (List<Object> row : answer.rows) {
        widths[i] =
            Math.max(widths[i], String.valueOf(row.get(i) == null ? "" : row.get(i)).length());
      }
    }
    StringBuilder out = new StringBuilder(answer.id + ": " + answer.question + "\n");
    appendTableRow(out, new ArrayList<>(answer.columns), widths);
    for (List<Object> row : answer.rows) {
      appendTableRow(out, row, widths);
    }
    if (answer.rows.isEmpty()) {
      out.append("  (no rows)\n");
    }
    return out.toString();
  }

  private static void appendTableRow(StringBuilder out, List<?> values, int[] widths) {
    out.append(' ');
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      String text = value == null ? "" : value.toString();
      out.append(' ');
      out.append(
          value instanceof Long
              ? String.format("%" + widths[i] + "s", text)
              : String.format("%-" + widths[i] + "s", text));
    }
    out.append('\n');
  }
}
