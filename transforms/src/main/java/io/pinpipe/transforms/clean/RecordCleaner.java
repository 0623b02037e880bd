package io.pinpipe.transforms.clean;

import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.JsonPayload;
import io.pinpipe.transforms.parse.RecordFields;
import java.io.Serializable;
import org.apache.beam.sdk.values.Row;

/**
 * One table's cleaning rules: the fields of one raw record of the table → one curated row, or why
 * it cannot be one. Each table has one (PinCleaner, GeoCleaner, UserCleaner, …), given by its
 * {@code TableSpec}.
 */
public interface RecordCleaner extends Serializable {
  Row clean(RecordFields fields) throws InvalidRecordException;

  /** Parse then clean: the raw text of one record (a JSON object, cleaning.md §1) → its row. */
  default Row curate(String payload) throws InvalidRecordException {
    return clean(new RecordFields(JsonPayload.parseObject(payload)));
  }
}
