package io.pinpipe.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void reEmitsEveryRealRowByteForByte() throws Exception {
    for (String table : List.of("pin", "geo", "user")) {
      for (String line : RealRows.lines(table)) {
        assertEquals(line, reEmit(JSON.readTree(line)), table);
      }
    }
  }

  @Test
  void writesRealDatetimesFromEpochSeconds() throws Exception {
    for (String line : RealRows.lines("geo")) {
      String text = JSON.readTree(line).get("timestamp").textValue();
      long epoch = LocalDateTime.parse(text.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
      StringBuilder sb = new StringBuilder();
      JsonLine.appendDateTime(sb, epoch);
      assertEquals(text, sb.toString());
    }
  }

  @Test
  void escapesOnlyQuotesBackslashesAndControlCharacters() {
    assertEquals(
        "\"a\\\"b\\\\c\\nd\\te\\u0001f\u2026\u00a0😀\"",
        JsonLine.quote("a\"b\\c\nd\te\u0001f\u2026\u00a0😀"));
  }

  @Test
  void coordinatesKeepSixSignificantDigitsAndAFractionalDigit() {
    Map<Double, String> cases =
        Map.of(
            122.0, "122.0",
            -170.188, "-170.188",
            -0.013535, "-0.013535",
            17.56324999, "17.5632",
            99.999996, "100.0",
            -89.99999999, "-90.0",
            0.0, "0.0",
            -1e-12, "0.0",
            5.000001, "5.0");
    cases.forEach(
        (value, text) -> {
          StringBuilder sb = new StringBuilder();
          JsonLine.appendFloat6(sb, value);
          assertEquals(text, sb.toString(), "value " + value);
        });
  }

  /** The row written back through JsonLine, field by field, in its own order. */
  static String reEmit(JsonNode row) {
    JsonLine line = new JsonLine(256);
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode v = field.getValue();
      if (v.isIntegralNumber()) {
        line.integer(field.getKey(), v.longValue());
      } else if (v.isFloatingPointNumber()) {
        line.float6(field.getKey(), v.doubleValue());
      } else {
        line.text(field.getKey(), v.textValue());
      }
    }
    return line.close();
  }
}
