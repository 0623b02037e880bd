package io.pinpipe.transforms.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * analytics.md "Median": the lower median, the value at position ⌈n/2⌉ (1-based) of the sorted
 * values; what Spark's {@code percentile_approx(x, 0.5)} returned, and always one of the values.
 */
public final class Medians {
  private Medians() {}

  public static long lower(Iterable<Long> values) {
    List<Long> sorted = new ArrayList<>();
    values.forEach(sorted::add);
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    Collections.sort(sorted);
    return sorted.get((sorted.size() + 1) / 2 - 1);
  }
}
