package io.pinpipe.transforms.analytics;

import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * The values the questions read from a joined {@code (pin, geo)} or {@code (pin, user)} pair, named
 * once: analytics.md's definitions of age group and year live in {@link AgeGroup} and {@link
 * UtcYear}.
 */
final class JoinedRows {
  private JoinedRows() {}

  static String category(KV<Row, Row> pair) {
    return pair.getKey().getString("category");
  }

  static Long followers(KV<Row, Row> pair) {
    return pair.getKey().getInt64("follower_count");
  }

  static String posterName(KV<Row, Row> pair) {
    return pair.getKey().getString("poster_name");
  }

  static String country(KV<Row, Row> pinGeo) {
    return pinGeo.getValue().getString("country");
  }

  /** The year of the post in q2's range, or null. */
  static Long postYear(KV<Row, Row> pinGeo) {
    return UtcYear.within(
        pinGeo.getValue().getDateTime("timestamp"),
        Question.POST_YEARS_FROM,
        Question.POST_YEARS_TO);
  }

  /** The poster's age group, or null under 18 or without an age. */
  static String ageGroup(KV<Row, Row> pinUser) {
    return AgeGroup.of(pinUser.getValue().getInt32("age"));
  }

  /** The poster's joining year in q6–q8's range, or null. */
  static Long joinYear(KV<Row, Row> pinUser) {
    return joinYear(pinUser.getValue());
  }

  static Long joinYear(Row user) {
    return UtcYear.within(
        user.getDateTime("date_joined"), Question.JOIN_YEARS_FROM, Question.JOIN_YEARS_TO);
  }
}
