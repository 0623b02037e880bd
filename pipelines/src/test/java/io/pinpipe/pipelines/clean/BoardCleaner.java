package io.pinpipe.pipelines.clean;

import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.clean.Timestamps;
import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.RecordFields;
import org.apache.beam.sdk.values.Row;

/**
 * The made-up board table's rules (docs/adding-a-table.md, step 2): a key, a required name, a pin
 * count that cannot be negative, an optional creation time.
 */
final class BoardCleaner implements RecordCleaner {
  private static final long serialVersionUID = 1L;

  @Override
  public Row clean(RecordFields fields) throws InvalidRecordException {
    long ind = fields.key("ind");
    String name = fields.requiredText("board_name");
    Long pins = fields.optionalLong("pin_count");
    if (pins != null && pins < 0) {
      throw new InvalidRecordException("pin_count", pins + " is negative");
    }
    return Row.withSchema(BoardTable.CURATED)
        .addValues(ind, name, pins, Timestamps.toJoda(fields.optionalDatetime("created_at")))
        .build();
  }
}
