package io.pinpipe.pipelines.analytics;

import java.util.List;
import java.util.Objects;

/**
 * One answered question of analytics.md, as written to {@code <root>/analytics/<id>.csv|json}: its
 * id ({@code q1} … {@code q8}, {@code q3_top}), the question in words, the column names in order
 * and the rows in the question's row order. Values are {@code String}, {@code Long} or {@code
 * null}; the last column is always the number the question is about (a count, a median, a follower
 * count).
 */
public final class AnalyticsAnswer {
  public final String id;
  public final String question;
  public final List<String> columns;
  public final List<List<Object>> rows;

  public AnalyticsAnswer(
      String id, String question, List<String> columns, List<List<Object>> rows) {
    this.id = id;
    this.question = question;
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AnalyticsAnswer)) {
      return false;
    }
    AnalyticsAnswer that = (AnalyticsAnswer) o;
    return id.equals(that.id)
        && question.equals(that.question)
        && columns.equals(that.columns)
        && rows.equals(that.rows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, question, columns, rows);
  }

  @Override
  public String toString() {
    return id + " " + columns + " " + rows;
  }
}
