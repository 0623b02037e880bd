package io.pinpipe.transforms.clean;

import java.time.Instant;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Beam's DATETIME field type holds Joda instants (millisecond precision): every cleaner converts
 * here.
 */
public final class Timestamps {
  private Timestamps() {}

  public static org.joda.time.@Nullable Instant toJoda(@Nullable Instant instant) {
    return instant == null ? null : new org.joda.time.Instant(instant.toEpochMilli());
  }
}
