package io.pinpipe.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample of durations in milliseconds: the p-th percentile is the
 * smallest value that at least p % of the sample do not exceed, always a value that was measured.
 */
final class Percentiles {
  private final long[] sorted;

  Percentiles(long[] millis) {
    this.sorted = millis.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The {@code percent}-th percentile (0 < percent <= 100); fails on an empty sample. */
  long at(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
    }
    if (sorted.length == 0) {
      throw new IllegalStateException("no values");
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  long max() {
    return at(100);
  }
}
