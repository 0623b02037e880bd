package io.pinpipe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the speed layer kept up with one input rate (the benchmark issue's "highest sustainable
 * rate"): the producer really offered the rate, every row it produced came out curated, and the p99
 * freshness stayed within one window plus a few seconds.
 */
final class Sustainability {
  /** The producer must reach this share of the asked rate, or the pipeline was not offered it. */
  static final double MIN_ACHIEVED_SHARE = 0.98;

  /** The target: p99 freshness at most the window length plus this. */
  static final long FRESHNESS_SLACK_MILLIS = 3_000;

  private Sustainability() {}

  /**
   * Why a run was not sustainable; empty when it was. {@code p99Millis} is ignored when no row was
   * curated (there is then no freshness to judge, and the missing rows already say why).
   */
  static List<String> shortfalls(
      long eventsPerSecond,
      double achievedEventsPerSecond,
      long producedRows,
      long curatedRows,
      long p99Millis,
      long windowMillis) {
    List<String> why = new ArrayList<>();
    if (achievedEventsPerSecond < MIN_ACHIEVED_SHARE * eventsPerSecond) {
      why.add(
          String.format(
              Locale.ROOT,
              "produced %,.0f events/s, under %.0f%% of %,d",
              achievedEventsPerSecond,
              MIN_ACHIEVED_SHARE * 100,
              eventsPerSecond));
    }
    if (producedRows == 0) {
      why.add("no row was produced");
    } else if (curatedRows < producedRows) {
      why.add(
          String.format(
              Locale.ROOT,
              "%,d of %,d rows not curated by the deadline",
              producedRows - curatedRows,
              producedRows));
    }
    long limit = windowMillis + FRESHNESS_SLACK_MILLIS;
    if (curatedRows > 0 && p99Millis > limit) {
      why.add(
          String.format(
              Locale.ROOT,
              "p99 %.1f s > window + 3 s = %.1f s",
              p99Millis / 1000.0,
              limit / 1000.0));
    }
    return why;
  }
}
