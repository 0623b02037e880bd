package io.pinpipe.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.InvalidRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cleaning.md §1, §3 and §4: geolocation_data → geo, user_data → user. */
class GeoAndUserCleanerTest {
  private static final RecordCleaner GEO = Table.GEO.cleaner();
  private static final RecordCleaner USER = Table.USER.cleaner();

  @Test
  void geoBecomesCoordinatesLatitudeFirstAndUtcTimestamp() throws Exception {
    String raw =
        "{\"ind\": 0, \"timestamp\": \"2019-01-01 07:21:13\", \"latitude\": -88.8298,"
            + " \"longitude\": -170.188, \"country\": \"Albania\"}";
    assertEquals(
        "{\"ind\":0,\"country\":\"Albania\",\"coordinates\":[-88.8298,-170.188],"
            + "\"timestamp\":\"2019-01-01T07:21:13Z\"}",
        CuratedJson.toJson(GEO.curate(raw)));
  }

  @Test
  void userNameIsFirstSpaceLastAndDateJoinedATimestamp() throws Exception {
    String raw =
        "{\"ind\": 1, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": 20,"
            + " \"date_joined\": \"2015-10-21 21:26:45\"}";
    assertEquals(
        "{\"ind\":1,\"user_name\":\"Adam Acosta\",\"age\":20,\"date_joined\":\"2015-10-21T21:26:45Z\"}",
        CuratedJson.toJson(USER.curate(raw)));
  }

  @Test
  void geoAndUserAcceptIndexInsteadOfIndAndNumericStrings() throws Exception {
    String raw =
        "{\"index\": \"5\", \"first_name\": \"A\", \"last_name\": \"B\", \"age\": \"42\","
            + " \"date_joined\": \"2015-10-21T21:26:45Z\"}";
    assertEquals(
        "{\"ind\":5,\"user_name\":\"A B\",\"age\":42,\"date_joined\":\"2015-10-21T21:26:45Z\"}",
        CuratedJson.toJson(USER.curate(raw)));
    String geo =
        "{\"index\": 3, \"ind\": 3, \"country\": \"X\", \"latitude\": \"1.5\", \"longitude\": \"-2\"}";
    assertEquals(
        "{\"ind\":3,\"country\":\"X\",\"coordinates\":[1.5,-2.0],\"timestamp\":null}",
        CuratedJson.toJson(GEO.curate(geo)));
  }

  @ParameterizedTest(name = "§1 {0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ind\": 1, \"index\": 2, \"country\": \"X\"}|ind",
        "{\"country\": \"X\"}|ind",
        "{\"ind\": \"abc\", \"country\": \"X\"}|ind",
        "{\"ind\": 1.5, \"country\": \"X\"}|ind",
        "{\"ind\": null, \"country\": \"X\"}|ind",
        "{\"ind\": 123456789012345678901234, \"country\": \"X\"}|ind",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": 90.0001, \"longitude\": 0}|latitude",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": -91, \"longitude\": 0}|latitude",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": 0, \"longitude\": 180.5}|longitude",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": 0, \"longitude\": -181}|longitude",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": \"north\", \"longitude\": 0}|latitude",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": 1}|longitude",
        "{\"ind\": 1, \"country\": \"X\", \"timestamp\": \"yesterday\"}|timestamp",
        "{\"ind\": 1, \"country\": \"X\", \"timestamp\": 1609459200}|timestamp",
        "{\"ind\": 1}|country",
        "{\"ind\": 1, \"country\": {}}|country",
      })
  void badGeoRecordsAreRejectedNamingTheField(String raw, String field) {
    assertEquals(field, assertThrows(InvalidRecordException.class, () -> GEO.curate(raw)).field());
  }

  @ParameterizedTest(name = "§1 {0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": \"abc\"}|age",
        "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": -1}|age",
        "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": 3000000000}|age",
        "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": [1]}|age",
        "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"B\", \"date_joined\": \"2021-02-30 10:00:00\"}|date_joined",
        "{\"ind\": 1, \"last_name\": \"B\"}|first_name",
        "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"\"}|last_name",
      })
  void badUserRecordsAreRejectedNamingTheField(String raw, String field) {
    assertEquals(field, assertThrows(InvalidRecordException.class, () -> USER.curate(raw)).field());
  }

  @ParameterizedTest(name = "§1 payload {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ind\": 1, \"country\": \"X\"",
        "[1, 2]",
        "\"text\"",
        "42",
        "null",
        "''",
        "{\"ind\": 1, \"country\": \"X\"} trailing",
        "{\"ind\": 1, \"ind\": 2, \"country\": \"X\"}",
        "{\"ind\": 1, \"country\": \"X\", \"latitude\": NaN, \"longitude\": 0}",
      })
  void recordsThatAreNotOneJsonObjectAreRejectedAsPayload(String raw) {
    assertEquals(
        "payload", assertThrows(InvalidRecordException.class, () -> GEO.curate(raw)).field());
  }
}
