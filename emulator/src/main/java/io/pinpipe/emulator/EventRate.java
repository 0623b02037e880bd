package io.pinpipe.emulator;

import io.pinpipe.options.InvalidOptionException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A posting rate such as {@code 10/s}, {@code 600/m} or {@code 0.5/s}, held as events per second.
 */
record EventRate(double perSecond) {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)");

  static EventRate parse(String option, String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new InvalidOptionException(
          option, "expected events per time unit such as 10/s, 600/m or 0.5/s, got '" + text + "'");
    }
    double count = Double.parseDouble(m.group(1));
    double seconds =
        switch (m.group(2)) {
          case "s" -> 1;
          case "m" -> 60;
          default -> 3600;
        };
    if (count <= 0) {
      throw new InvalidOptionException(option, "must be above zero, got '" + text + "'");
    }
    return new EventRate(count / seconds);
  }

  /** When event {@code index} (from 0) is due, in nanoseconds after the start. */
  long dueNanos(long index) {
    return (long) (index * 1e9 / perSecond);
  }
}
