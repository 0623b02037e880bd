package io.pinpipe.testdata;

/**
 * An empirical distribution given by its percentiles 0…100, sampled by linear interpolation between
 * neighbouring percentiles.
 *
 * <p>Runs of equal percentiles are spread evenly between their neighbours. In the real rows such a
 * run is one very frequent poster's exact value (Aaron Abbott's sign-up second fills two
 * percentiles); the generator draws each poster's own value from this table and gets repeats by
 * re-posting, so a point mass here would give many different posters the very same second and
 * coordinates.
 */
final class PercentileTable {

  private final double[] points;

  PercentileTable(double[] percentiles) {
    if (percentiles.length < 2) {
      throw new IllegalArgumentException("need at least two percentiles");
    }
    for (int i = 1; i < percentiles.length; i++) {
      if (percentiles[i] < percentiles[i - 1]) {
        throw new IllegalArgumentException("percentiles must not decrease at " + i);
      }
    }
    this.points = spreadTies(percentiles.clone());
  }

  /** The value at quantile {@code u} in [0, 1]. */
  double at(double u) {
    double pos = u * (points.length - 1);
    int i = (int) pos;
    if (i >= points.length - 1) {
      return points[points.length - 1];
    }
    if (i < 0) {
      return points[0];
    }
    return points[i] + (points[i + 1] - points[i]) * (pos - i);
  }

  private static double[] spreadTies(double[] p) {
    int n = p.length;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && p[j + 1] == p[i]) {
        j++;
      }
      if (j > i) {
        // Anchors: the neighbours of the run, or the run's own end at the table's ends.
        int lo = i > 0 ? i - 1 : i;
        int hi = j < n - 1 ? j + 1 : j;
        for (int t = lo + 1; t < hi; t++) {
          p[t] = p[lo] + (p[hi] - p[lo]) * (t - lo) / (hi - lo);
        }
      }
      i = j + 1;
    }
    return p;
  }
}
