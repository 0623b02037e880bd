package io.pinpipe.pipelines.options;

import io.pinpipe.options.Durations;
import org.joda.time.Duration;

/** Durations on the command line ({@link Durations}), as the Joda durations Beam's API takes. */
public final class DurationOption {
  private DurationOption() {}

  /** Parses {@code text}; zero is accepted only when {@code allowZero}. */
  public static Duration parse(String option, String text, boolean allowZero) {
    java.time.Duration atLeast =
        allowZero ? java.time.Duration.ZERO : java.time.Duration.ofMillis(1);
    return Duration.millis(Durations.parse(option, text, atLeast).toMillis());
  }
}
