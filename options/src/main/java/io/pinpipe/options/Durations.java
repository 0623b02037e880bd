package io.pinpipe.options;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations on the command line: a whole number with {@code ms}, {@code s} (the default) or {@code
 * m}, the same for every command.
 */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(ms|s|m)?");

  private Durations() {}

  /** Parses {@code text}, the value of {@code --option}; shorter than {@code atLeast} fails. */
  public static Duration parse(String option, String text, Duration atLeast) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new InvalidOptionException(
          option, "expected a duration such as 60s, 500ms or 2m, got '" + text + "'");
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration duration =
        switch (unit) {
          case "ms" -> Duration.ofMillis(value);
          case "m" -> Duration.ofMinutes(value);
          default -> Duration.ofSeconds(value);
        };
    if (duration.compareTo(atLeast) < 0) {
      throw new InvalidOptionException(
          option,
          atLeast.toMillis() <= 1
              ? "must be more than zero"
              : "must be at least " + atLeast.toMillis() + "ms, got '" + text + "'");
    }
    return duration;
  }
}
