package io.pinpipe.pipelines.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Curated {@link Row}s as Avro records for Parquet (cleaning.md §6): same column order, arrays as
 * lists, timestamps as UTC {@code timestamp-micros} (Beam's own Avro mapping would give millis).
 */
final class AvroRows {
  private AvroRows() {}

  static org.apache.avro.Schema avroSchema(Schema schema, String name) {
    SchemaBuilder.FieldAssembler<org.apache.avro.Schema> fields =
        SchemaBuilder.record(name).namespace("io.pinpipe.curated").fields();
    for (Field field : schema.getFields()) {
      org.apache.avro.Schema type = avroType(field.getType());
      if (field.getType().getNullable()) {
        type =
            org.apache.avro.Schema.createUnion(
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type);
        fields = fields.name(field.getName()).type(type).withDefault(null);
      } else {
        fields = fields.name(field.getName()).type(type).noDefault();
      }
    }
    return fields.endRecord();
  }

  private static org.apache.avro.Schema avroType(FieldType type) {
    switch (type.getTypeName()) {
      case INT32:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
      case INT64:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
      case DOUBLE:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
      case STRING:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
      case DATETIME:
        return LogicalTypes.timestampMicros()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
      case ARRAY:
        return org.apache.avro.Schema.createArray(avroType(type.getCollectionElementType()));
      default:
        throw new IllegalArgumentException("no Parquet mapping for " + type);
    }
  }

  static GenericRecord toAvro(Row row, org.apache.avro.Schema avroSchema) {
    GenericData.Record record = new GenericData.Record(avroSchema);
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      record.put(i, toAvroValue(row.getValue(i)));
    }
    return record;
  }

  /**
   * The inverse of {@link #toAvro}: a Parquet record of a curated table back to its {@link Row}.
   */
  static Row toRow(GenericRecord record, Schema schema) {
    Row.Builder row = Row.withSchema(schema);
    for (Field field : schema.getFields()) {
      row.addValue(fromAvroValue(record.get(field.getName()), field.getType()));
    }
    return row.build();
  }

  private static Object fromAvroValue(Object value, FieldType type) {
    if (value == null) {
      return null;
    }
    switch (type.getTypeName()) {
      case STRING:
        return value.toString();
      case DATETIME:
        return new org.joda.time.Instant(Math.floorDiv((Long) value, 1_000L));
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (Object element : (Iterable<?>) value) {
          list.add(fromAvroValue(element, type.getCollectionElementType()));
        }
        return list;
      default:
        return value;
    }
  }

  private static Object toAvroValue(Object value) {
    if (value instanceof ReadableInstant) {
      return ((ReadableInstant) value).getMillis() * 1_000L;
    }
    if (value instanceof Iterable) {
      List<Object> list = new ArrayList<>();
      for (Object element : (Iterable<?>) value) {
        list.add(toAvroValue(element));
      }
      return list;
    }
    return value;
  }
}
