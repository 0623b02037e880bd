package io.pinpipe.serve;

import io.pinpipe.transforms.analytics.Medians;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follower counts of one group, as value → how many times: memory grows with the distinct values, not
 * the rows, and values are only ever added. {@link #lowerMedian} is analytics.md's median, the value at
 * position ⌈n/2⌉ of the sorted values ({@link Medians#lower}, counted instead of sorted).
 */
final class Multiset {
  private final TreeMap<Long, long[]> counts = new TreeMap<>();
  private long size;

  void add(long value) {
    counts.computeIfAbsent(value, v -> new long[1])[0]++;
    size++;
  }

  long size() {
    return size;
  }

  int distinctValues() {
    return counts.size();
  }

  long lowerMedian() {
    if (size == 0) {
      throw new IllegalStateException("no values");
    }
    long position = (size + 1) / 2;
    long seen = 0;
    for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
      seen += entry.getValue()[0];
      if (seen >= position) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException("counts do not add up to " + size);
  }
}
