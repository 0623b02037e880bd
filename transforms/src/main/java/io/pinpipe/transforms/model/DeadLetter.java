package io.pinpipe.transforms.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A record that could not be curated (cleaning.md §7): the original payload unchanged, what was
 * wrong (naming the field), where it came from, which pipeline rejected it and when.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class DeadLetter implements Serializable {
  public final String table;
  public final String source;
  public final String payload;
  public final String error;
  public final String pipeline;

  /** ISO-8601 instant, e.g. {@code 2026-11-25T19:04:50.123Z}. */
  public final String failedAt;

  @SchemaCreate
  public DeadLetter(
      String table, String source, String payload, String error, String pipeline, String failedAt) {
    this.table = table;
    this.source = source;
    this.payload = payload;
    this.error = error;
    this.pipeline = pipeline;
    this.failedAt = failedAt;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof DeadLetter)) {
      return false;
    }
    DeadLetter that = (DeadLetter) o;
    return table.equals(that.table)
        && source.equals(that.source)
        && payload.equals(that.payload)
        && error.equals(that.error)
        && pipeline.equals(that.pipeline)
        && failedAt.equals(that.failedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, source, payload, error, pipeline, failedAt);
  }

  @Override
  public String toString() {
    return "DeadLetter{" + table + ", " + source + ", " + error + "}";
  }
}
