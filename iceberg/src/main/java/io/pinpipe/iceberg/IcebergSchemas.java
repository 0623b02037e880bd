package io.pinpipe.iceberg;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Beam row schemas ↔ Iceberg schemas and values, for the column types of cleaning.md §6: 64-bit
 * keys and counts, {@code coordinates} a list of doubles, timestamps with time zone (UTC).
 */
public final class IcebergSchemas {
  private IcebergSchemas() {}

  /**
   * The Iceberg schema of a Beam row schema; {@code identifier} (may be null) is the key column.
   */
  public static Schema toIceberg(org.apache.beam.sdk.schemas.Schema beam, String identifier) {
    List<NestedField> fields = new ArrayList<>();
    int[] nextId = {beam.getFieldCount() + 1};
    int id = 1;
    for (Field field : beam.getFields()) {
      Type type = type(field.getType(), nextId);
      boolean optional = field.getType().getNullable();
      fields.add(
          optional
              ? NestedField.optional(id, field.getName(), type)
              : NestedField.required(id, field.getName(), type));
      id++;
    }
    if (identifier == null) {
      return new Schema(fields);
    }
    return new Schema(fields, Set.of(beam.indexOf(identifier) + 1));
  }

  private static Type type(FieldType type, int[] nextId) {
    switch (type.getTypeName()) {
      case INT64:
        return Types.LongType.get();
      case INT32:
        return Types.IntegerType.get();
      case DOUBLE:
        return Types.DoubleType.get();
      case STRING:
        return Types.StringType.get();
      case BOOLEAN:
        return Types.BooleanType.get();
      case DATETIME:
        return Types.TimestampType.withZone();
      case ARRAY:
        FieldType element = type.getCollectionElementType();
        int elementId = nextId[0]++;
        Type elementType = type(element, nextId);
        return element.getNullable()
            ? Types.ListType.ofOptional(elementId, elementType)
            : Types.ListType.ofRequired(elementId, elementType);
      default:
        throw new IllegalArgumentException("no Iceberg type for " + type);
    }
  }

  /** A Beam row as an Iceberg record of {@code schema} (same column names and order). */
  public static Record toRecord(Row row, Schema schema) {
    GenericRecord record = GenericRecord.create(schema);
    fill(record, row, fieldIndexes(schema, row.getSchema()), schema);
    return record;
  }

  /** For each column of {@code schema}, the index of the field of that name in {@code beam}. */
  static int[] fieldIndexes(Schema schema, org.apache.beam.sdk.schemas.Schema beam) {
    List<NestedField> columns = schema.columns();
    int[] fields = new int[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = beam.indexOf(columns.get(i).name());
    }
    return fields;
  }

  /** Sets every column of {@code record} from {@code row}, found by {@link #fieldIndexes}. */
  static void fill(GenericRecord record, Row row, int[] fields, Schema schema) {
    List<NestedField> columns = schema.columns();
    for (int i = 0; i < fields.length; i++) {
      Object value = row.getValue(fields[i]);
      record.set(i, value == null ? null : toIcebergValue(value, columns.get(i).type()));
    }
  }

  private static Object toIcebergValue(Object value, Type type) {
    if (type.typeId() == Type.TypeID.TIMESTAMP) {
      return OffsetDateTime.ofInstant(
          Instant.ofEpochMilli(((org.joda.time.ReadableInstant) value).getMillis()),
          ZoneOffset.UTC);
    }
    if (type.typeId() == Type.TypeID.LIST) {
      return new ArrayList<>((java.util.Collection<?>) value);
    }
    return value;
  }

  /** An Iceberg record as a Beam row of {@code beam} (columns matched by name). */
  public static Row toRow(Record record, org.apache.beam.sdk.schemas.Schema beam) {
    List<Object> values = new ArrayList<>(beam.getFieldCount());
    for (Field field : beam.getFields()) {
      Object value = record.getField(field.getName());
      if (value instanceof OffsetDateTime) {
        value = new org.joda.time.Instant(((OffsetDateTime) value).toInstant().toEpochMilli());
      } else if (value instanceof List) {
        value = new ArrayList<>((List<?>) value);
      }
      values.add(value);
    }
    // The table's schema is the row's (toIceberg), so the values already have Beam's types: attach
    // them
    // without Row.Builder's per-field checks (about a fifth of the reading thread in analytics'
    // profile).
    return Row.withSchema(beam).attachValues(values);
  }
}
