package io.pinpipe.testdata;

import java.util.Arrays;

/**
 * Turns one uniform draw into an index with probability proportional to a weight (inverse CDF by
 * binary search), so a categorical draw costs one random number and O(log n).
 */
final class WeightedIndex {

  private final double[] upper;

  WeightedIndex(long[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("no weights");
    }
    double total = 0;
    for (long w : weights) {
      if (w <= 0) {
        throw new IllegalArgumentException("weights must be positive: " + Arrays.toString(weights));
      }
      total += w;
    }
    upper = new double[weights.length];
    double running = 0;
    for (int i = 0; i < weights.length; i++) {
      running += weights[i];
      upper[i] = running / total;
    }
    upper[weights.length - 1] = 1.0;
  }

  /** The index whose cumulative interval [upper[i-1], upper[i]) holds {@code u} in [0, 1). */
  int pick(double u) {
    int i = Arrays.binarySearch(upper, u);
    i = i >= 0 ? i + 1 : -i - 1;
    return Math.min(i, upper.length - 1);
  }

  int size() {
    return upper.length;
  }
}
