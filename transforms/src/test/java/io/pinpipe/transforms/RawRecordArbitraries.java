package io.pinpipe.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random raw records for the property tests: JSON objects with the real column names and values of
 * random type, random bytes, cut or corrupted real rows, huge numbers and odd datetimes.
 */
final class RawRecordArbitraries {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The raw columns of each table (data-model.md), both key spellings, and one unknown column. */
  static final Map<Table, List<String>> COLUMNS =
      Map.of(
          Table.PIN,
              List.of(
                  "index",
                  "ind",
                  "unique_id",
                  "title",
                  "description",
                  "poster_name",
                  "follower_count",
                  "tag_list",
                  "is_image_or_video",
                  "image_src",
                  "downloaded",
                  "save_location",
                  "category",
                  "extra"),
          Table.GEO,
              List.of("ind", "index", "timestamp", "latitude", "longitude", "country", "extra"),
          Table.USER,
              List.of("ind", "index", "first_name", "last_name", "age", "date_joined", "extra"));

  /** Text that cleaning treats specially, and text that only looks dangerous. */
  private static final List<String> ODD_TEXT =
      List.of(
          "",
          " ",
          " \t\n",
          "No Title Data Available",
          "No description available Story format",
          "No description available",
          "Untitled",
          "User Info Error",
          "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
          "Image src error.",
          "Local save in /data/art",
          "Local save in ",
          "multi-video(story page format)",
          "437",
          "124k",
          "1.5k",
          "2M",
          "0.0001k",
          "-5",
          "+5",
          "1e3",
          "0x10",
          "NaN",
          "Infinity",
          "-Infinity",
          "９",
          "١٢٣",
          "99999999999999999999",
          "9223372036854775807",
          "9223372036854775808",
          "Robert'); DROP TABLE pinterest_data;--",
          "' OR '1'='1",
          "<script>alert(1)</script>",
          "\"><img src=x onerror=alert(1)>",
          "</style>",
          "\u0000",
          "a\u0000b",
          "\ud800",
          "x\udc00",
          "\uD83D\uDE00",
          "\u202e",
          "\uFEFF",
          "null",
          "true",
          "{}",
          "[]");

  private RawRecordArbitraries() {}

  /** Any raw record text a source could deliver for {@code table}. */
  static Arbitrary<String> payloads(Table table) {
    return Arbitraries.frequencyOf(
        Tuple.of(6, objects(table)),
        Tuple.of(2, corruptedRealRows(table)),
        Tuple.of(1, randomBytesAsText()),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)));
  }

  /** A JSON object whose fields are the table's columns, each missing or of a random type. */
  static Arbitrary<String> objects(Table table) {
    List<Arbitrary<Optional<String>>> fields = new ArrayList<>();
    for (String column : COLUMNS.get(table)) {
      fields.add(jsonValues().map(value -> "\"" + column + "\": " + value).optional(0.8));
    }
    // Sometimes the first field again: duplicate keys, with the same or another value.
    Arbitrary<Boolean> duplicateOne = Arbitraries.of(true, false);
    return Combinators.combine(
            Combinators.combine(fields).as(list -> list), duplicateOne, jsonValues())
        .as(
            (present, duplicate, again) -> {
              List<String> members = new ArrayList<>();
              present.forEach(field -> field.ifPresent(members::add));
              if (duplicate && !members.isEmpty()) {
                String first = members.get(0);
                members.add(first.substring(0, first.indexOf(':')) + ": " + again);
              }
              return "{" + String.join(", ", members) + "}";
            });
  }

  /** Text of any kind: the odd values above, any characters, and halves of surrogate pairs. */
  static Arbitrary<String> texts() {
    Arbitrary<Character> surrogates = Arbitraries.chars().range('\uD800', '\uDFFF');
    return Arbitraries.oneOf(
        Arbitraries.of(ODD_TEXT),
        Arbitraries.strings().all().ofMaxLength(30),
        // jqwik's "all" characters leave out surrogates; a JSON "\\ud800" escape does not.
        Arbitraries.strings()
            .withChars('a', 'é', '<', '\u0000')
            .withCharRange('\uD800', '\uDFFF')
            .ofMaxLength(6),
        Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(5), surrogates)
            .as((text, half) -> text + half));
  }

  /** The JSON text of a value of any type, many of them hostile. */
  static Arbitrary<String> jsonValues() {
    return Arbitraries.oneOf(
        texts().map(RawRecordArbitraries::quote),
        datetimes().map(RawRecordArbitraries::quote),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.integers().between(-200, 200).map(String::valueOf),
        Arbitraries.bigIntegers()
            .between(java.math.BigInteger.TWO.pow(70).negate(), java.math.BigInteger.TWO.pow(70))
            .map(String::valueOf),
        Arbitraries.doubles()
            .map(String::valueOf)
            .filter(d -> !d.contains("N") && !d.contains("I")),
        hugeNumbers(),
        Arbitraries.of(
            "true",
            "false",
            "null",
            "NaN",
            "Infinity",
            "-Infinity",
            "[]",
            "{}",
            "[1]",
            "{\"a\": 1}",
            "[[[[[[[[]]]]]]]]",
            "\"\\ud800\"",
            "\"\\u0000\"",
            "01",
            "-",
            "1.",
            ".5"));
  }

  /** Numbers beyond every fixed-size type: long mantissas and exponents beyond double range. */
  static Arbitrary<String> hugeNumbers() {
    return Combinators.combine(
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(60),
            Arbitraries.of("", ".5", ".0", ".000001"),
            Arbitraries.of("", "e400", "E-400", "e999999999", "e-999999999", "E+308", "e19", "e-1"),
            Arbitraries.of("", "-"))
        .as(
            (digits, fraction, exponent, sign) ->
                sign + stripLeadingZeros(digits) + fraction + exponent);
  }

  /**
   * Datetime-like text with every field possibly out of range and every separator and zone form.
   */
  static Arbitrary<String> datetimes() {
    return Combinators.combine(
            Arbitraries.integers().between(-1, 10_001),
            Arbitraries.integers().between(0, 13),
            Arbitraries.integers().between(0, 32),
            Arbitraries.integers().between(0, 25),
            Arbitraries.integers().between(0, 61),
            Arbitraries.of(" ", "T", "", "  ", "t"),
            Arbitraries.of("", ".", ".5", ".999", ".123456789", ".1234567890"),
            Arbitraries.of(
                "", "Z", "+00:00", "-02:00", "+18:00", "-18:00", "+19:00", "+1830", "+05", "-25:00",
                "+00:60", "z", " UTC"))
        .as(
            (year, month, day, hour, minute, separator, fraction, zone) ->
                String.format(
                    "%04d-%02d-%02d%s%02d:%02d:%02d%s%s",
                    year, month, day, separator, hour, minute, minute, fraction, zone));
  }

  /** Real rows cut short or with one character replaced. */
  static Arbitrary<String> corruptedRealRows(Table table) {
    List<String> rows = RealRows.lines(table.id()).subList(0, 200);
    return Combinators.combine(
            Arbitraries.of(rows),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.chars().all(),
            Arbitraries.of(true, false))
        .as(
            (row, where, replacement, cut) -> {
              int at = (int) (where * (row.length() - 1));
              return cut
                  ? row.substring(0, at)
                  : row.substring(0, at) + replacement + row.substring(at + 1);
            });
  }

  /** Random bytes as a source might mis-decode them: leniently, as UTF-8 or as Latin-1. */
  static Arbitrary<String> randomBytesAsText() {
    return Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            Arbitraries.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1))
        .as(String::new);
  }

  /** JSON forbids leading zeros; they would only test the parser's syntax check. */
  private static String stripLeadingZeros(String digits) {
    return digits.replaceFirst("^0+(?=\\d)", "");
  }

  /** A JSON string literal of {@code text}, escaping exactly what JSON requires. */
  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
