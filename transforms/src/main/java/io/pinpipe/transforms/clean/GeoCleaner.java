package io.pinpipe.transforms.clean;

import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.RecordFields;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/** cleaning.md §3: {@code geolocation_data} → curated {@code geo}. */
public final class GeoCleaner implements RecordCleaner {
  private static final long serialVersionUID = 1L;

  @Override
  public Row clean(RecordFields fields) throws InvalidRecordException {
    long ind = fields.key("ind");
    String country = fields.requiredText("country");
    Double latitude = inRange(fields, "latitude", 90);
    Double longitude = inRange(fields, "longitude", 180);
    if ((latitude == null) != (longitude == null)) {
      String missing = latitude == null ? "latitude" : "longitude";
      throw new InvalidRecordException(missing, "missing while the other coordinate is present");
    }
    List<Double> coordinates = latitude == null ? null : List.of(latitude, longitude);
    Instant timestamp = fields.optionalDatetime("timestamp");
    return Row.withSchema(CuratedSchemas.GEO)
        .attachValues(ind, country, coordinates, Timestamps.toJoda(timestamp));
  }

  private static @Nullable Double inRange(RecordFields fields, String name, double limit)
      throws InvalidRecordException {
    Double value = fields.optionalDouble(name);
    if (value != null && (value < -limit || value > limit)) {
      throw new InvalidRecordException(
          name, value + " is outside " + (int) -limit + "…" + (int) limit);
    }
    return value;
  }
}
