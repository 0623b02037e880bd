package io.pinpipe.transforms.analytics;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/** analytics.md "Age group": 18-24, 25-35, 36-50, +50; under 18 (or unknown) belongs to none. */
public final class AgeGroup {
  /** The groups in their row order. */
  public static final List<String> ORDER = List.of("18-24", "25-35", "36-50", "+50");

  private AgeGroup() {}

  public static @Nullable String of(@Nullable Integer age) {
    if (age == null || age < 18) {
      return null;
    }
    if (age <= 24) {
      return "18-24";
    }
    if (age <= 35) {
      return "25-35";
    }
    if (age <= 50) {
      return "36-50";
    }
    return "+50";
  }

  /** Position of a group in {@link #ORDER}, for sorting. */
  public static int rank(String group) {
    int rank = ORDER.indexOf(group);
    if (rank < 0) {
      throw new IllegalArgumentException("not an age group: " + group);
    }
    return rank;
  }
}
