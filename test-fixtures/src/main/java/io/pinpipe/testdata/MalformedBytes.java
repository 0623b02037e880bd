package io.pinpipe.testdata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records whose bytes are not the UTF-8 text of a JSON object: invalid UTF-8 (which no Java {@code
 * String} can hold, hence bytes) and NUL bytes. They must reach cleaning through the same strict
 * decoding the sources use and go to the dead-letter output as a whole ({@code payload}); none may
 * be silently repaired. None contains a {@code \n}, so each is one line of a landing object.
 */
public final class MalformedBytes {

  /**
   * One record as raw bytes.
   *
   * @param name short kebab-case name of what is broken
   * @param table {@code pin}, {@code geo} or {@code user}: where the record was read from
   * @param bytes the record exactly as a source would deliver it
   * @param validUtf8 whether the bytes decode as UTF-8 (then the JSON parser must reject them)
   */
  public record Case(String name, String table, byte[] bytes, boolean validUtf8) {
    @Override
    public String toString() {
      return table + "/" + name;
    }
  }

  private static final String GEO =
      "{\"ind\": 44, \"timestamp\": \"2019-05-27 02:07:21\","
          + " \"latitude\": -88.8298, \"longitude\": -170.188, \"country\": \"Albania\"}";
  private static final String USER =
      "{\"ind\": 42, \"first_name\": \"Adam\", \"last_name\": \"Acosta\","
          + " \"age\": 20, \"date_joined\": \"2015-10-21 21:26:45\"}";

  private static final List<Case> CASES =
      List.of(
          invalid(
              "lone-continuation-byte-in-title", "pin", insertInto(pin(), "\"title\": \"", 0x80)),
          invalid(
              "overlong-encoded-slash-in-image-src",
              "pin",
              insertInto(pin(), "\"image_src\": \"https:", 0xC0, 0xAF)),
          invalid("truncated-three-byte-sequence-at-end", "geo", append(utf8(GEO), 0xE2, 0x82)),
          invalid(
              "utf8-encoded-surrogate-in-country",
              "geo",
              insertInto(utf8(GEO), "\"country\": \"", 0xED, 0xA0, 0x80)),
          invalid(
              "latin-1-e-acute-in-country", "geo", insertInto(utf8(GEO), "\"country\": \"", 0xE9)),
          invalid(
              "byte-ff-in-first-name", "user", insertInto(utf8(USER), "\"first_name\": \"", 0xFF)),
          invalid(
              "code-point-beyond-u10ffff-in-last-name",
              "user",
              insertInto(utf8(USER), "\"last_name\": \"", 0xF4, 0x90, 0x80, 0x80)),
          valid(
              "raw-nul-byte-inside-country",
              "geo",
              insertInto(utf8(GEO), "\"country\": \"Alb", 0x00)),
          valid("nul-bytes-after-the-object", "pin", append(pin(), 0x00, 0x00, 0x00, 0x00)),
          valid("nul-byte-alone", "user", new byte[] {0x00}),
          valid("utf-16le-encoded-record", "user", USER.getBytes(StandardCharsets.UTF_16LE)),
          valid(
              "utf-8-byte-order-mark-before-object",
              "geo",
              concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(GEO))));

  private MalformedBytes() {}

  /** All cases. */
  public static List<Case> cases() {
    return CASES;
  }

  private static Case invalid(String name, String table, byte[] bytes) {
    return new Case(name, table, bytes, false);
  }

  private static Case valid(String name, String table, byte[] bytes) {
    return new Case(name, table, bytes, true);
  }

  private static byte[] pin() {
    return utf8(RealRows.lines("pin").get(1));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code record} with {@code bytes} inserted right after the first {@code after}. */
  private static byte[] insertInto(byte[] record, String after, int... bytes) {
    String text = new String(record, StandardCharsets.UTF_8);
    int at = text.indexOf(after);
    if (at < 0) {
      throw new IllegalStateException("no '" + after + "' in " + text);
    }
    byte[] head = utf8(text.substring(0, at + after.length()));
    byte[] tail = utf8(text.substring(at + after.length()));
    return concat(concat(head, toBytes(bytes)), tail);
  }

  private static byte[] append(byte[] record, int... bytes) {
    return concat(record, toBytes(bytes));
  }

  private static byte[] toBytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
