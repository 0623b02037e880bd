package io.pinpipe.transforms.analytics;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.DateTimeZone;
import org.joda.time.ReadableInstant;

/** analytics.md "Year": the UTC calendar year of a timestamp. */
public final class UtcYear {
  private UtcYear() {}

  public static @Nullable Long of(@Nullable ReadableInstant instant) {
    return instant == null
        ? null
        : (long) instant.toInstant().toDateTime(DateTimeZone.UTC).getYear();
  }

  /** The UTC year of an instant given in milliseconds since the epoch. */
  public static long ofEpochMilli(long epochMilli) {
    return new org.joda.time.Instant(epochMilli).toDateTime(DateTimeZone.UTC).getYear();
  }

  /** The year of {@code instant} when it lies in {@code from..to} (inclusive), else null. */
  public static @Nullable Long within(@Nullable ReadableInstant instant, long from, long to) {
    Long year = of(instant);
    return year != null && year >= from && year <= to ? year : null;
  }
}
