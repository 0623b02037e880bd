package io.pinpipe.serve;

import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import io.pinpipe.transforms.analytics.AgeGroup;
import io.pinpipe.transforms.analytics.Question;
import io.pinpipe.transforms.analytics.ValueCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.values.Row;

/**
 * The nine answers of analytics.md kept as running aggregates of the joined rows: counts per
 * (group, category), the maximum follower count per country with its posters, and follower-count
 * multisets for the medians. Rows are only ever added to a view (a new batch view starts a new
 * one), so every aggregate only grows and an answer is read off it in time proportional to the
 * groups, not the rows.
 *
 * <p>The rules themselves are the batch layer's ({@link AgeGroup}, {@link Question}'s years and row
 * order, {@link ValueCounts#lowerMedian}); each joined pair must be added exactly once.
 */
final class Aggregates {
  private final Dictionary texts;
  private final Map<Long, long[]> countryCategory = new HashMap<>();
  private final Map<Long, long[]> yearCategory = new HashMap<>();
  private final Map<Integer, PosterMax> countryPosters = new HashMap<>();
  private final Map<Long, long[]> ageCategory = new HashMap<>();
  private final Map<Integer, ValueCounts> followersByAge = new HashMap<>();
  private final Map<Long, long[]> usersByJoinYear = new HashMap<>();
  private final Map<Long, ValueCounts> followersByJoinYear = new HashMap<>();
  private final Map<Long, ValueCounts> followersByAgeAndJoinYear = new HashMap<>();

  Aggregates(Dictionary texts) {
    this.texts = texts;
  }

  /** One pair of {@code pin ⋈ geo}: q1, q2, q3. */
  void pinGeo(int category, long followers, int poster, int country, long year) {
    count(countryCategory, pair(country, category));
    if (year != Facts.NO_VALUE
        && year >= Question.POST_YEARS_FROM
        && year <= Question.POST_YEARS_TO) {
      count(yearCategory, pair(year, category));
    }
    if (followers != Facts.NO_VALUE) {
      countryPosters.computeIfAbsent(country, c -> new PosterMax()).offer(poster, followers);
    }
  }

  /** One pair of {@code pin ⋈ user}: q4, q5, q7, q8. */
  void pinUser(int category, long followers, int ageRank, long joinYear) {
    boolean inAgeGroup = ageRank >= 0;
    boolean inJoinYears = joinedInRange(joinYear);
    if (inAgeGroup) {
      count(ageCategory, pair(ageRank, category));
    }
    if (followers == Facts.NO_VALUE) {
      return;
    }
    if (inAgeGroup) {
      followersByAge.computeIfAbsent(ageRank, g -> new ValueCounts()).add(followers);
    }
    if (inJoinYears) {
      followersByJoinYear.computeIfAbsent(joinYear, y -> new ValueCounts()).add(followers);
    }
    if (inAgeGroup && inJoinYears) {
      followersByAgeAndJoinYear
          .computeIfAbsent(pair(ageRank, joinYear), k -> new ValueCounts())
          .add(followers);
    }
  }

  /** One {@code user} row: q6. */
  void user(long joinYear) {
    if (joinedInRange(joinYear)) {
      count(usersByJoinYear, joinYear);
    }
  }

  /** The nine answers, in {@link Question} order, each in its row order. */
  List<AnalyticsAnswer> answers() {
    Map<Question, List<List<Object>>> rows = new LinkedHashMap<>();
    rows.put(Question.Q1, topPerGroup(countryCategory, g -> texts.value((int) g)));
    rows.put(Question.Q2, topPerGroup(yearCategory, g -> g));
    List<List<Object>> q3 = new ArrayList<>();
    countryPosters.forEach(
        (country, max) ->
            max.posters.forEach(
                poster ->
                    q3.add(
                        Arrays.asList(texts.value(country), texts.value(poster), max.followers))));
    rows.put(Question.Q3, q3);
    rows.put(Question.Q3_TOP, topCountries(countryPosters));
    rows.put(Question.Q4, topPerGroup(ageCategory, g -> AgeGroup.ORDER.get((int) g)));
    List<List<Object>> q5 = new ArrayList<>();
    followersByAge.forEach(
        (rank, values) -> q5.add(List.of(AgeGroup.ORDER.get(rank), values.lowerMedian())));
    rows.put(Question.Q5, q5);
    List<List<Object>> q6 = new ArrayList<>();
    usersByJoinYear.forEach((year, n) -> q6.add(List.of(year, n[0])));
    rows.put(Question.Q6, q6);
    List<List<Object>> q7 = new ArrayList<>();
    followersByJoinYear.forEach((year, values) -> q7.add(List.of(year, values.lowerMedian())));
    rows.put(Question.Q7, q7);
    List<List<Object>> q8 = new ArrayList<>();
    followersByAgeAndJoinYear.forEach(
        (key, values) ->
            q8.add(
                List.of(
                    AgeGroup.ORDER.get((int) (key >>> 32)),
                    key & 0xffffffffL,
                    values.lowerMedian())));
    rows.put(Question.Q8, q8);

    List<AnalyticsAnswer> answers = new ArrayList<>();
    rows.forEach(
        (question, unordered) ->
            answers.add(
                new AnalyticsAnswer(
                    question.id(),
                    question.text(),
                    question.schema().getFieldNames(),
                    ordered(question, unordered))));
    return answers;
  }

  /** The distinct follower-count values the medians hold, for the memory figures. */
  long medianValues() {
    long n = 0;
    for (Map<?, ValueCounts> sets :
        List.of(followersByAge, followersByJoinYear, followersByAgeAndJoinYear)) {
      for (ValueCounts set : sets.values()) {
        n += set.distinctValues();
      }
    }
    return n;
  }

  /** "The most": per group, every category tied for the highest count. */
  private List<List<Object>> topPerGroup(
      Map<Long, long[]> counts, java.util.function.LongFunction<Object> group) {
    Map<Long, Long> max = new HashMap<>();
    counts.forEach((key, n) -> max.merge(key >>> 32, n[0], Math::max));
    List<List<Object>> rows = new ArrayList<>();
    counts.forEach(
        (key, n) -> {
          if (n[0] == max.get(key >>> 32)) {
            rows.add(
                List.of(group.apply(key >>> 32), texts.value((int) (key & 0xffffffffL)), n[0]));
          }
        });
    return rows;
  }

  /** q3_top: the countries whose top poster has the most followers of all. */
  private List<List<Object>> topCountries(Map<Integer, PosterMax> countryPosters) {
    long max = Long.MIN_VALUE;
    for (PosterMax m : countryPosters.values()) {
      max = Math.max(max, m.followers);
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Map.Entry<Integer, PosterMax> e : countryPosters.entrySet()) {
      if (e.getValue().followers == max) {
        rows.add(List.of(texts.value(e.getKey()), max));
      }
    }
    return rows;
  }

  /** The rows in the question's row order ({@link Question#rowOrder}, the batch layer's own). */
  private static List<List<Object>> ordered(Question question, List<List<Object>> rows) {
    List<Row> typed = new ArrayList<>();
    for (List<Object> values : rows) {
      typed.add(Row.withSchema(question.schema()).addValues(values).build());
    }
    typed.sort(question.rowOrder());
    List<List<Object>> out = new ArrayList<>();
    for (Row row : typed) {
      out.add(new ArrayList<>(row.getValues()));
    }
    return out;
  }

  private static boolean joinedInRange(long year) {
    return year != Facts.NO_VALUE
        && year >= Question.JOIN_YEARS_FROM
        && year <= Question.JOIN_YEARS_TO;
  }

  private static long pair(long high, long low) {
    return (high << 32) | (low & 0xffffffffL);
  }

  private static void count(Map<Long, long[]> counts, long key) {
    counts.computeIfAbsent(key, k -> new long[1])[0]++;
  }

  /**
   * q3 per country: the highest follower count seen and the distinct posters (ids, -1 for none)
   * with it.
   */
  private static final class PosterMax {
    long followers = Long.MIN_VALUE;
    final Set<Integer> posters = new HashSet<>();

    void offer(int poster, long value) {
      if (value > followers) {
        followers = value;
        posters.clear();
      }
      if (value == followers) {
        posters.add(poster);
      }
    }
  }
}
