package io.pinpipe.transforms.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Parses the text of one raw record into a JSON object, strictly (cleaning.md §1). */
public final class JsonPayload {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          // A record with two values for one key is ambiguous: reject it rather than pick one.
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // `{...} garbage` is not one JSON object.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // Keep decimal numbers exact until a column decides its type.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private JsonPayload() {}

  /** Returns the object in {@code payload}, or fails naming {@code payload} as the field. */
  public static ObjectNode parseObject(String payload) throws InvalidRecordException {
    if (payload.isBlank()) {
      throw new InvalidRecordException(InvalidRecordException.PAYLOAD, "empty record");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException(
          InvalidRecordException.PAYLOAD, "not valid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // Jackson's own limits (nesting depth, number length) surface as unchecked exceptions.
      throw new InvalidRecordException(
          InvalidRecordException.PAYLOAD, "not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRecordException(
          InvalidRecordException.PAYLOAD,
          "expected a JSON object, got " + (node == null ? "nothing" : describe(node)));
    }
    return (ObjectNode) node;
  }

  static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
