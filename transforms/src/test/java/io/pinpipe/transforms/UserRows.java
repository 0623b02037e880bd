package io.pinpipe.transforms;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.values.Row;

/** Curated user rows for the de-duplication tests: one key, its content varied by age. */
public final class UserRows {
  private UserRows() {}

  public static Row user(long ind, int age) {
    return CuratedJson.fromJson(
        Table.USER.curatedSchema(),
        "{\"ind\":"
            + ind
            + ",\"user_name\":\"A B\",\"age\":"
            + age
            + ",\"date_joined\":\"2016-01-01T00:00:00Z\"}");
  }
}
