package io.pinpipe.transforms.clean;

import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.RecordFields;
import org.apache.beam.sdk.values.Row;

/** cleaning.md §4: {@code user_data} → curated {@code user}. */
public final class UserCleaner implements RecordCleaner {
  private static final long serialVersionUID = 1L;

  @Override
  public Row clean(RecordFields fields) throws InvalidRecordException {
    long ind = fields.key("ind");
    String userName = fields.requiredText("first_name") + " " + fields.requiredText("last_name");
    Long age = fields.optionalLong("age");
    if (age != null && age < 0) {
      throw new InvalidRecordException("age", "negative age " + age);
    }
    if (age != null && age > Integer.MAX_VALUE) {
      throw new InvalidRecordException("age", "out of range: " + age);
    }
    return Row.withSchema(CuratedSchemas.USER)
        .attachValues(
            ind,
            userName,
            age == null ? null : age.intValue(),
            Timestamps.toJoda(fields.optionalDatetime("date_joined")));
  }
}
