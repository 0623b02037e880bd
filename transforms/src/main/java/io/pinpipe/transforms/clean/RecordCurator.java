package io.pinpipe.transforms.clean;

import io.pinpipe.transforms.model.TableSpec;
import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.JsonPayload;
import io.pinpipe.transforms.parse.RecordFields;
import java.io.Serializable;
import org.apache.beam.sdk.values.Row;

/** Parse then clean: the raw text of one record of a table → its curated row. */
public final class RecordCurator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RecordCleaner cleaner;

  private RecordCurator(RecordCleaner cleaner) {
    this.cleaner = cleaner;
  }

  public static RecordCurator forTable(TableSpec table) {
    return new RecordCurator(table.cleaner());
  }

  public Row curate(String payload) throws InvalidRecordException {
    return cleaner.clean(new RecordFields(JsonPayload.parseObject(payload)));
  }
}
