package io.pinpipe.transforms.model;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * Beam schemas of the curated tables, in the column order of cleaning.md §2–§4 (each {@link Table}
 * carries its own). Timestamps are {@link FieldType#DATETIME} (UTC instants, millisecond
 * precision).
 */
public final class CuratedSchemas {
  public static final Schema PIN =
      Schema.builder()
          .addInt64Field("ind")
          .addStringField("unique_id")
          .addNullableStringField("title")
          .addNullableStringField("description")
          .addNullableInt64Field("follower_count")
          .addNullableStringField("poster_name")
          .addNullableStringField("tag_list")
          .addNullableStringField("is_image_or_video")
          .addNullableStringField("image_src")
          .addNullableStringField("save_location")
          .addStringField("category")
          .build();

  public static final Schema GEO =
      Schema.builder()
          .addInt64Field("ind")
          .addStringField("country")
          .addNullableArrayField("coordinates", FieldType.DOUBLE)
          .addNullableDateTimeField("timestamp")
          .build();

  public static final Schema USER =
      Schema.builder()
          .addInt64Field("ind")
          .addStringField("user_name")
          .addNullableInt32Field("age")
          .addNullableDateTimeField("date_joined")
          .build();

  /**
   * The curated columns of {@code row}, which may carry more columns after them (a speed-table
   * row's {@code event_time}): the row itself when it has no more.
   */
  public static Row curatedColumns(Row row, Schema curated) {
    int columns = curated.getFieldCount();
    return row.getFieldCount() == columns
        ? row
        : Row.withSchema(curated).attachValues(row.getValues().subList(0, columns));
  }

  private CuratedSchemas() {}
}
