package io.pinpipe.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cleaning.md §1: the accepted datetime forms; a datetime without zone is UTC. */
class DatetimesTest {

  @ParameterizedTest
  @CsvSource({
    "2020-08-28 03:52:47, 2020-08-28T03:52:47Z",
    "2020-08-28T03:52:47, 2020-08-28T03:52:47Z",
    "2020-08-28 03:52:47.5, 2020-08-28T03:52:47.500Z",
    "2020-08-28T03:52:47.123456Z, 2020-08-28T03:52:47.123456Z",
    "2020-08-28T03:52:47Z, 2020-08-28T03:52:47Z",
    "2020-08-28T05:52:47+02:00, 2020-08-28T03:52:47Z",
    "2020-08-28T03:52:47.000+0000, 2020-08-28T03:52:47Z",
    "2020-08-28 01:52:47-02, 2020-08-28T03:52:47Z",
    "1969-12-31 23:59:59, 1969-12-31T23:59:59Z",
    "9999-12-31 23:59:59, 9999-12-31T23:59:59Z",
    "2020-02-29 12:00:00, 2020-02-29T12:00:00Z",
  })
  void acceptedFormsParseToTheSameInstant(String text, String expected) {
    assertEquals(Instant.parse(expected), Datetimes.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "2021-13-01 00:00:00",
        "2021-02-30 10:00:00",
        "2021-01-01",
        "1609459200",
        "2021-01-01 24:00:00",
        "2021-01-01 10:00:60",
        "2021-01-01 1a:00:00",
        "2021-02-29 12:00:00",
        "2021-01-01T 10:00:00",
        "2021-01-01  10:00:00",
        "21-01-01 10:00:00",
        "2021-01-01 10:00",
        " 2021-01-01 10:00:00",
        "2021-01-01 10:00:00 UTC",
      })
  void otherTextIsRejected(String text) {
    assertThrows(DateTimeParseException.class, () -> Datetimes.parse(text));
  }

  @ParameterizedTest
  @CsvSource({
    "2020-08-28T03:52:47Z, 2020-08-28T03:52:47Z",
    "2020-08-28T03:52:47.250Z, 2020-08-28T03:52:47.250Z",
    "2020-08-28T03:52:47.007Z, 2020-08-28T03:52:47.007Z",
    "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
    "2020-08-28T03:52:47.123456Z, 2020-08-28T03:52:47.123456Z",
    "+10000-01-01T00:00:00Z, +10000-01-01T00:00:00Z"
  })
  void formatsCuratedTimestampsAsIsoInstants(String instant, String text) {
    assertEquals(text, Datetimes.format(Instant.parse(instant)));
    assertEquals(
        DateTimeFormatter.ISO_INSTANT.format(Instant.parse(instant)),
        Datetimes.format(Instant.parse(instant)));
  }
}
