package io.pinpipe.transforms.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The datetime forms of cleaning.md §1: {@code YYYY-MM-DD HH:MM:SS} or {@code YYYY-MM-DDTHH:MM:SS},
 * optional fractional seconds, optional {@code Z} or offset; without a zone the time is UTC.
 */
public final class Datetimes {
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  /** Text form of curated timestamps (cleaning.md §6): {@code 2020-08-28T03:52:47Z}. */
  public static String format(Instant instant) {
    int nanos = instant.getNano();
    LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (utc.getYear() < 0 || utc.getYear() > 9999 || nanos % 1_000_000 != 0) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    // What ISO_INSTANT writes for a millisecond instant of years 0-9999, without its formatter
    // (written once per timestamp of every curated row).
    StringBuilder text = new StringBuilder(24);
    pad(text, utc.getYear(), 4).append('-');
    pad(text, utc.getMonthValue(), 2).append('-');
    pad(text, utc.getDayOfMonth(), 2).append('T');
    pad(text, utc.getHour(), 2).append(':');
    pad(text, utc.getMinute(), 2).append(':');
    pad(text, utc.getSecond(), 2);
    if (nanos != 0) {
      pad(text.append('.'), nanos / 1_000_000, 3);
    }
    return text.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder text, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits);
  }

  private Datetimes() {}

  /**
   * Parses {@code text}; throws {@link DateTimeParseException} when it is none of the accepted
   * forms.
   */
  public static Instant parse(String text) {
    Instant plain = plainUtc(text);
    if (plain != null) {
      return plain;
    }
    int t = text.indexOf('T');
    int space = text.indexOf(' ');
    // Exactly one separator between date and time: "2020-01-01T 10:00:00" is not accepted.
    if (t >= 0 && space >= 0 || t < 0 && space < 0) {
      throw new DateTimeParseException("expected YYYY-MM-DD HH:MM:SS", text, 0);
    }
    TemporalAccessor parsed = FORMAT.parse(text);
    LocalDateTime local = LocalDateTime.from(parsed);
    ZoneOffset offset =
        parsed.isSupported(ChronoField.OFFSET_SECONDS)
            ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
            : ZoneOffset.UTC;
    return local.toInstant(offset);
  }

  /**
   * The form nearly every record has, {@code YYYY-MM-DD HH:MM:SS} (or with {@code T}) and nothing
   * after, read without the formatter (a tenth of the cleaning's CPU went to it); null for any
   * other text or an impossible date, which {@link #parse} then reads, or refuses, as before.
   */
  private static @Nullable Instant plainUtc(String text) {
    if (text.length() != 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The number in {@code count} ASCII digits from {@code start}, or -1 if one is not a digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
