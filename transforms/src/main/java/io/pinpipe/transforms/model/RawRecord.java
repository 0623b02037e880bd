package io.pinpipe.transforms.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record as read from a source, before parsing: the table it belongs to, where it came from
 * (the dead-letter {@code source} of cleaning.md §7) and its original text.
 *
 * <p>{@code readError} is set when the source itself could not turn the record into text (invalid
 * UTF-8, an unreadable column); such a record goes straight to the dead-letter output.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class RawRecord implements Serializable {
  public final String table;
  public final String source;
  public final String payload;
  public final @Nullable String readError;

  @SchemaCreate
  public RawRecord(String table, String source, String payload, @Nullable String readError) {
    this.table = table;
    this.source = source;
    this.payload = payload;
    this.readError = readError;
  }

  public static RawRecord of(TableSpec table, String source, String payload) {
    return new RawRecord(table.id(), source, payload, null);
  }

  public static RawRecord unreadable(TableSpec table, String source, String payload, String error) {
    return new RawRecord(table.id(), source, payload, error);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RawRecord)) {
      return false;
    }
    RawRecord that = (RawRecord) o;
    return table.equals(that.table)
        && source.equals(that.source)
        && payload.equals(that.payload)
        && Objects.equals(readError, that.readError);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, source, payload, readError);
  }

  @Override
  public String toString() {
    return "RawRecord{" + table + ", " + source + "}";
  }
}
