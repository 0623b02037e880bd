package io.pinpipe.transforms.clean;

import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.RecordFields;
import java.io.Serializable;
import org.apache.beam.sdk.values.Row;

/** Turns the fields of one raw record of a table into one curated row, or says why it cannot. */
public interface RecordCleaner extends Serializable {
  Row clean(RecordFields fields) throws InvalidRecordException;
}
