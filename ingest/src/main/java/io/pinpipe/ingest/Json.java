package io.pinpipe.ingest;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapper of the API: strict input, numbers keep their exact digits, output is compact.
 */
final class Json {
  /**
   * Exact decimals: a value such as {@code 12.50} must reach Kafka as the client wrote its number,
   * not as a double re-printed ({@code 12.5}, or worse for long fractions).
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // A tree keeps only the last of duplicate keys: refuse them rather than pass on a
          // silently
          // altered row (downstream, duplicate keys are a dead-letter reason).
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Json() {}

  static JsonNode parse(byte[] body) throws IOException {
    return MAPPER.readTree(body);
  }

  /**
   * Compact UTF-8 JSON text of {@code node}. Written as characters, then encoded: Jackson 2.15's
   * byte generator writes a character outside the BMP (an emoji) as an escaped surrogate pair, so
   * the bytes would differ from what the client sent.
   */
  static byte[] bytes(Object node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
