package io.pinpipe.transforms.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pinpipe.transforms.parse.Datetimes;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * The JSON Lines form of a curated row (cleaning.md §6): keys in column order, nulls as {@code
 * null}, timestamps as {@code 2020-08-28T03:52:47Z}, text exactly as read. Also the row's identity
 * for de-duplication: two rows are the same exactly when their lines are.
 */
public final class CuratedJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final com.fasterxml.jackson.databind.ObjectMapper READER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private CuratedJson() {}

  public static String toJson(Row row) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      writeObject(json, row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes rows as JSON Lines, each line exactly {@link #toJson} of its row, through one generator
   * for all of them: a generator (and its text) per row cost more than writing the row.
   */
  public static final class LinesWriter implements Flushable {
    private final JsonGenerator json;

    /** Writes to {@code out}; {@link #flush} flushes it, closing it is the caller's. */
    public LinesWriter(Writer out) throws IOException {
      json = FACTORY.createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.setRootValueSeparator(null); // the newline after each row separates them
    }

    public void write(Row row) throws IOException {
      writeObject(json, row);
      json.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
      json.flush();
    }
  }

  private static void writeObject(JsonGenerator json, Row row) throws IOException {
    json.writeStartObject();
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      json.writeFieldName(schema.getField(i).getName());
      writeValue(json, row.getValue(i));
    }
    json.writeEndObject();
  }

  /**
   * The inverse of {@link #toJson}: one JSON Lines row of a curated table back to its {@link Row}.
   */
  public static Row fromJson(Schema schema, String line) {
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = READER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a curated JSON row: " + line, e);
    }
    Row.Builder row = Row.withSchema(schema);
    for (Schema.Field field : schema.getFields()) {
      row.addValue(fromJsonValue(node.get(field.getName()), field.getType()));
    }
    return row.build();
  }

  private static Object fromJsonValue(
      com.fasterxml.jackson.databind.JsonNode node, Schema.FieldType type) {
    if (node == null || node.isNull()) {
      return null;
    }
    switch (type.getTypeName()) {
      case INT64:
        return node.longValue();
      case INT32:
        return node.intValue();
      case DOUBLE:
        return node.doubleValue();
      case DATETIME:
        // The exact inverse of Datetimes.format (ISO_INSTANT), which signs years beyond 9999.
        return new org.joda.time.Instant(Instant.parse(node.textValue()).toEpochMilli());
      case ARRAY:
        java.util.List<Object> list = new java.util.ArrayList<>();
        node.forEach(element -> list.add(fromJsonValue(element, type.getCollectionElementType())));
        return list;
      default:
        return node.textValue();
    }
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String) {
      json.writeString((String) value);
    } else if (value instanceof Long) {
      json.writeNumber((Long) value);
    } else if (value instanceof Integer) {
      json.writeNumber((Integer) value);
    } else if (value instanceof Double) {
      json.writeNumber((Double) value);
    } else if (value instanceof ReadableInstant) {
      json.writeString(
          Datetimes.format(Instant.ofEpochMilli(((ReadableInstant) value).getMillis())));
    } else if (value instanceof Iterable) {
      json.writeStartArray();
      for (Object element : (Iterable<?>) value) {
        writeValue(json, element);
      }
      json.writeEndArray();
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
  }
}
