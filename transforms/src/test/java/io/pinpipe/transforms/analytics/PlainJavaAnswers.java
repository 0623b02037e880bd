package io.pinpipe.transforms.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.values.Row;

/**
 * The questions of analytics.md answered a second time, independently: plain loops over lists,
 * written from the spec without the pipeline's helpers, so a grouping mistake in the pipeline
 * cannot hide in its own expected output.
 */
final class PlainJavaAnswers {
  private PlainJavaAnswers() {}

  static Map<Question, Set<Row>> answer(List<Row> pins, List<Row> geos, List<Row> users) {
    Map<Question, Set<Row>> answers = new HashMap<>();
    List<Row[]> pinGeo = join(pins, geos);
    List<Row[]> pinUser = join(pins, users);

    Map<String, Map<String, Long>> q1 = new TreeMap<>();
    Map<String, Map<String, Long>> q2 = new TreeMap<>();
    Map<String, List<Row>> q3 = new TreeMap<>();
    for (Row[] pg : pinGeo) {
      count(q1, pg[1].getString("country"), pg[0].getString("category"));
      Integer year = year(pg[1], "timestamp");
      if (year != null && year >= 2018 && year <= 2022) {
        count(q2, String.valueOf(year), pg[0].getString("category"));
      }
      if (pg[0].getInt64("follower_count") != null) {
        q3.computeIfAbsent(pg[1].getString("country"), k -> new ArrayList<>())
            .add(
                Row.withSchema(Question.Q3.schema())
                    .addValues(
                        pg[1].getString("country"),
                        pg[0].getString("poster_name"),
                        pg[0].getInt64("follower_count"))
                    .build());
      }
    }
    answers.put(Question.Q1, top(q1, Question.Q1, false));
    answers.put(Question.Q2, top(q2, Question.Q2, true));
    Set<Row> q3Rows = new LinkedHashSet<>();
    long overall = Long.MIN_VALUE;
    for (List<Row> rows : q3.values()) {
      long max = rows.stream().mapToLong(r -> r.getInt64("follower_count")).max().getAsLong();
      overall = Math.max(overall, max);
      rows.stream().filter(r -> r.getInt64("follower_count") == max).forEach(q3Rows::add);
    }
    answers.put(Question.Q3, q3Rows);
    Set<Row> q3Top = new LinkedHashSet<>();
    for (Row r : q3Rows) {
      if (r.getInt64("follower_count") == overall) {
        q3Top.add(
            Row.withSchema(Question.Q3_TOP.schema())
                .addValues(r.getString("country"), overall)
                .build());
      }
    }
    answers.put(Question.Q3_TOP, q3Top);

    Map<String, Map<String, Long>> q4 = new TreeMap<>();
    Map<String, List<Long>> q5 = new TreeMap<>();
    Map<String, List<Long>> q7 = new TreeMap<>();
    Map<String, List<Long>> q8 = new TreeMap<>();
    for (Row[] pu : pinUser) {
      Integer age = pu[1].getInt32("age");
      String group =
          age == null || age < 18
              ? null
              : age <= 24 ? "18-24" : age <= 35 ? "25-35" : age <= 50 ? "36-50" : "+50";
      Long followers = pu[0].getInt64("follower_count");
      Integer year = year(pu[1], "date_joined");
      boolean inRange = year != null && year >= 2015 && year <= 2020;
      if (group != null) {
        count(q4, group, pu[0].getString("category"));
      }
      if (followers == null) {
        continue;
      }
      if (group != null) {
        q5.computeIfAbsent(group, k -> new ArrayList<>()).add(followers);
      }
      if (inRange) {
        q7.computeIfAbsent(String.valueOf(year), k -> new ArrayList<>()).add(followers);
      }
      if (group != null && inRange) {
        q8.computeIfAbsent(group + "|" + year, k -> new ArrayList<>()).add(followers);
      }
    }
    answers.put(Question.Q4, top(q4, Question.Q4, false));
    answers.put(Question.Q5, medians(q5, Question.Q5));
    answers.put(Question.Q7, medians(q7, Question.Q7));
    answers.put(Question.Q8, medians(q8, Question.Q8));

    Map<Integer, Long> q6 = new TreeMap<>();
    for (Row u : users) {
      Integer year = year(u, "date_joined");
      if (year != null && year >= 2015 && year <= 2020) {
        q6.merge(year, 1L, Long::sum);
      }
    }
    Set<Row> q6Rows = new LinkedHashSet<>();
    q6.forEach(
        (year, n) ->
            q6Rows.add(Row.withSchema(Question.Q6.schema()).addValues((long) year, n).build()));
    answers.put(Question.Q6, q6Rows);
    return answers;
  }

  private static List<Row[]> join(List<Row> pins, List<Row> others) {
    List<Row[]> pairs = new ArrayList<>();
    for (Row pin : pins) {
      for (Row other : others) {
        if (pin.getInt64("ind").equals(other.getInt64("ind"))) {
          pairs.add(new Row[] {pin, other});
        }
      }
    }
    return pairs;
  }

  private static Integer year(Row row, String field) {
    return row.getDateTime(field) == null
        ? null
        : Instant.ofEpochMilli(row.getDateTime(field).getMillis()).atZone(ZoneOffset.UTC).getYear();
  }

  private static void count(Map<String, Map<String, Long>> counts, String group, String item) {
    counts.computeIfAbsent(group, k -> new TreeMap<>()).merge(item, 1L, Long::sum);
  }

  private static Set<Row> top(
      Map<String, Map<String, Long>> counts, Question q, boolean numericGroup) {
    Set<Row> rows = new LinkedHashSet<>();
    counts.forEach(
        (group, items) -> {
          long max = Collections.max(items.values());
          items.forEach(
              (item, n) -> {
                if (n == max) {
                  rows.add(
                      Row.withSchema(q.schema())
                          .addValues(numericGroup ? (Object) Long.parseLong(group) : group, item, n)
                          .build());
                }
              });
        });
    return rows;
  }

  private static Set<Row> medians(Map<String, List<Long>> values, Question q) {
    Set<Row> rows = new LinkedHashSet<>();
    values.forEach(
        (group, list) -> {
          List<Long> sorted = new ArrayList<>(list);
          Collections.sort(sorted);
          long median = sorted.get((int) Math.ceil(sorted.size() / 2.0) - 1);
          List<Object> key = new ArrayList<>();
          for (String part : group.split("\\|")) {
            key.add(part.matches("\\d+") ? (Object) Long.parseLong(part) : part);
          }
          key.add(median);
          rows.add(Row.withSchema(q.schema()).addValues(key).build());
        });
    return rows;
  }
}
