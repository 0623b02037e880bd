package io.pinpipe.pipelines.options;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/**
 * Durations on the command line: a whole number with {@code ms}, {@code s} (the default) or {@code
 * m}.
 */
public final class DurationOption {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(ms|s|m)?");

  private DurationOption() {}

  /** Parses {@code text}; zero is accepted only when {@code allowZero}. */
  public static Duration parse(String option, String text, boolean allowZero) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new InvalidOptionException(
          option, "expected a duration such as 60s, 500ms or 2m, got '" + text + "'");
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration duration =
        unit.equals("ms")
            ? Duration.millis(value)
            : unit.equals("m") ? Duration.standardMinutes(value) : Duration.standardSeconds(value);
    if (!allowZero && duration.getMillis() == 0) {
      throw new InvalidOptionException(option, "must be more than zero");
    }
    return duration;
  }
}
