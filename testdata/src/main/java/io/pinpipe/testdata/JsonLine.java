package io.pinpipe.testdata;

import java.time.LocalDate;

/**
 * Writes one row as a JSON object in exactly the text form of the real rows: {@code ", "} and
 * {@code ": "} separators, non-ASCII text written as is (never as a backslash-u escape), only
 * quote, backslash and control characters escaped, coordinates as MySQL FLOAT shows them (six
 * significant digits, always with a decimal point), datetimes as {@code YYYY-MM-DD HH:MM:SS}. That
 * is the form Python's {@code json.dumps(row, ensure_ascii=False)} gives, which is how the real
 * rows were written, so a generated row cannot be told from a real one by its bytes.
 *
 * <p>A StringBuilder instead of a JSON library keeps a row at about a microsecond.
 */
final class JsonLine {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final StringBuilder out;
  private boolean first = true;

  JsonLine(int capacity) {
    out = new StringBuilder(capacity);
    out.append('{');
  }

  JsonLine integer(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  JsonLine text(String name, String value) {
    name(name);
    appendString(out, value);
    return this;
  }

  /** A value that is already JSON text (see {@link #quote}). */
  JsonLine json(String name, String jsonText) {
    name(name);
    out.append(jsonText);
    return this;
  }

  JsonLine float6(String name, double value) {
    name(name);
    appendFloat6(out, value);
    return this;
  }

  JsonLine dateTime(String name, long epochSecond) {
    name(name);
    out.append('"');
    appendDateTime(out, epochSecond);
    out.append('"');
    return this;
  }

  String close() {
    out.append('}');
    return out.toString();
  }

  private void name(String name) {
    if (!first) {
      out.append(", ");
    }
    first = false;
    appendString(out, name);
    out.append(": ");
  }

  /** {@code s} as a quoted JSON string in the real rows' escaping. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendString(sb, s);
    return sb.toString();
  }

  /** A JSON string, escaping only what JSON requires (plus \b \f \n \r \t short forms). */
  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    sb.append(s, start, n);
    sb.append('"');
  }

  /**
   * {@code value} rounded to six significant digits, trailing zeros dropped but one fractional
   * digit kept ({@code 122.0}, {@code -170.188}, {@code 17.5632}, {@code -0.013535}). Values below
   * 1e-9 in size print as {@code 0.0}; magnitudes of 1e15 and more are refused.
   */
  static void appendFloat6(StringBuilder sb, double value) {
    if (!Double.isFinite(value) || Math.abs(value) >= 1e15) {
      throw new IllegalArgumentException("not a coordinate: " + value);
    }
    double a = Math.abs(value);
    if (a < 1e-9) {
      sb.append("0.0");
      return;
    }
    int decimals = 5 - (int) Math.floor(Math.log10(a));
    long m = scaled(a, decimals);
    if (m >= 1_000_000) { // rounded up to the next power of ten, or log10 overshot
      decimals--;
      m = scaled(a, decimals);
    } else if (m < 100_000) { // log10 undershot
      decimals++;
      m = scaled(a, decimals);
    }
    if (value < 0 && m != 0) {
      sb.append('-');
    }
    if (decimals <= 0) {
      sb.append(m * POW10[-decimals]).append(".0");
      return;
    }
    sb.append(m / POW10[decimals]).append('.');
    long frac = m % POW10[decimals];
    int digits = decimals;
    while (digits > 1 && frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    String f = Long.toString(frac);
    for (int i = f.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(f);
  }

  private static long scaled(double a, int decimals) {
    return decimals >= 0 ? Math.round(a * POW10[decimals]) : Math.round(a / POW10[-decimals]);
  }

  /** {@code YYYY-MM-DD HH:MM:SS} of a UTC epoch second. */
  static void appendDateTime(StringBuilder sb, long epochSecond) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    int year = date.getYear();
    if (year < 1000 || year > 9999) {
      throw new IllegalArgumentException("year outside 1000…9999: " + epochSecond);
    }
    sb.append(year).append('-');
    pad2(sb, date.getMonthValue());
    sb.append('-');
    pad2(sb, date.getDayOfMonth());
    sb.append(' ');
    pad2(sb, secondOfDay / 3600);
    sb.append(':');
    pad2(sb, secondOfDay / 60 % 60);
    sb.append(':');
    pad2(sb, secondOfDay % 60);
  }

  private static void pad2(StringBuilder sb, int v) {
    sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  /** {@code n} lowercase hex digits of {@code bits}, most significant first ({@code n} ≤ 16). */
  static void appendHex(StringBuilder sb, long bits, int n) {
    for (int shift = 4 * (n - 1); shift >= 0; shift -= 4) {
      sb.append(HEX[(int) (bits >>> shift) & 0xF]);
    }
  }
}
