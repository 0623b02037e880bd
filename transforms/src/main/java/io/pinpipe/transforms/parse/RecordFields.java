package io.pinpipe.transforms.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Typed, rule-checked access to the fields of one raw JSON record (cleaning.md §1). Every failure
 * is an {@link InvalidRecordException} naming the field. Missing fields and JSON {@code null} read
 * as {@code null}; unknown extra fields are never looked at.
 */
public final class RecordFields {
  /** MySQL's TEXT holds at most 65,535 bytes; a longer value cannot have come from the source. */
  public static final int MAX_TEXT_BYTES = 65_535;

  private final ObjectNode object;

  public RecordFields(ObjectNode object) {
    this.object = object;
  }

  /**
   * The record's key. Accepts {@code ind} or {@code index} (some clients send either); both present
   * with different values is an error. {@code missingName} is the name reported when neither is.
   */
  public long key(String missingName) throws InvalidRecordException {
    JsonNode ind = present("ind");
    JsonNode index = present("index");
    if (ind == null && index == null) {
      throw new InvalidRecordException(missingName, "missing key");
    }
    Long indValue = ind == null ? null : integer("ind", ind, "an integer key");
    Long indexValue = index == null ? null : integer("index", index, "an integer key");
    if (indValue != null && indexValue != null && !indValue.equals(indexValue)) {
      throw new InvalidRecordException(
          "ind", "both index=" + indexValue + " and ind=" + indValue + " are present and differ");
    }
    if (indValue == null && indexValue == null) {
      throw new InvalidRecordException(ind != null ? "ind" : "index", "key is null");
    }
    return indValue != null ? indValue : indexValue;
  }

  /**
   * A text column: its text exactly as sent. Numbers and booleans are taken as their JSON text;
   * objects and arrays are errors.
   */
  public @Nullable String text(String name) throws InvalidRecordException {
    JsonNode node = present(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isContainerNode()) {
      throw new InvalidRecordException(name, "expected text, got " + JsonPayload.describe(node));
    }
    String text = node.isTextual() ? node.textValue() : node.asText();
    // JSON can escape half a surrogate pair ("\ud800"); no UTF-8 form exists for it, so Beam's
    // coders and every output file would silently turn it into '?'.
    if (hasUnpairedSurrogate(text)) {
      throw new InvalidRecordException(name, "not valid Unicode: an unpaired surrogate");
    }
    if (text.length() > MAX_TEXT_BYTES / 3
        && text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
      throw new InvalidRecordException(
          name,
          "text longer than " + MAX_TEXT_BYTES + " UTF-8 bytes (" + text.length() + " chars)");
    }
    return text;
  }

  /** A text column that must be present and not blank (cleaning.md §1, required text columns). */
  public String requiredText(String name) throws InvalidRecordException {
    String text = text(name);
    if (text == null) {
      throw new InvalidRecordException(name, "required text is missing");
    }
    if (text.isBlank()) {
      throw new InvalidRecordException(name, "required text is empty");
    }
    return text;
  }

  /** The raw node of a field, or {@code null} when missing or JSON null. */
  public @Nullable JsonNode value(String name) {
    JsonNode node = present(name);
    return node == null || node.isNull() ? null : node;
  }

  /** An integer column: a JSON number or numeric string with an integral value in 64-bit range. */
  public @Nullable Long optionalLong(String name) throws InvalidRecordException {
    JsonNode node = value(name);
    return node == null ? null : integer(name, node, "an integer");
  }

  /** A floating-point column: a JSON number or numeric string. */
  public @Nullable Double optionalDouble(String name) throws InvalidRecordException {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    BigDecimal decimal = decimal(name, node, "a number");
    double value = decimal.doubleValue();
    if (Double.isInfinite(value)) {
      throw new InvalidRecordException(name, "number out of range: " + abbreviate(node));
    }
    return value;
  }

  /** A datetime column in one of the forms of {@link Datetimes}. */
  public @Nullable Instant optionalDatetime(String name) throws InvalidRecordException {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidRecordException(
          name, "expected datetime text, got " + JsonPayload.describe(node));
    }
    try {
      return Datetimes.parse(node.textValue());
    } catch (DateTimeParseException e) {
      throw new InvalidRecordException(
          name, "cannot parse datetime '" + abbreviate(node) + "' (expected YYYY-MM-DD HH:MM:SS)");
    }
  }

  private @Nullable JsonNode present(String name) {
    return object.get(name);
  }

  private static long integer(String name, JsonNode node, String expected)
      throws InvalidRecordException {
    if (node.isNull()) {
      throw new InvalidRecordException(name, "expected " + expected + ", got null");
    }
    BigDecimal decimal = decimal(name, node, expected);
    BigInteger integer;
    try {
      integer = decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new InvalidRecordException(name, "expected " + expected + ", got " + abbreviate(node));
    }
    if (integer.bitLength() > 63) {
      throw new InvalidRecordException(name, "integer out of 64-bit range: " + abbreviate(node));
    }
    return integer.longValue();
  }

  private static BigDecimal decimal(String name, JsonNode node, String expected)
      throws InvalidRecordException {
    if (node.isNumber()) {
      // Jackson keeps a number beyond double range (1e400) as an infinite double, not a BigDecimal.
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw new InvalidRecordException(name, "number out of range: " + abbreviate(node));
      }
      return node.decimalValue();
    }
    if (node.isTextual()) {
      String text = node.textValue();
      // BigDecimal also reads "1e3" and "+5"; the spec's numeric strings are plain decimals.
      if (text.length() <= 40 && text.matches("-?\\d+(\\.\\d+)?")) {
        return new BigDecimal(text);
      }
    }
    throw new InvalidRecordException(
        name,
        "expected "
            + expected
            + ", got "
            + (node.isTextual() ? "'" + abbreviate(node) + "'" : JsonPayload.describe(node)));
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Error messages quote at most a short prefix of the value: the payload keeps all of it. */
  static String abbreviate(JsonNode node) {
    String text = node.isTextual() ? node.textValue() : node.toString();
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
