package io.pinpipe.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.parse.InvalidRecordException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cleaning.md §2 step 2. */
class FollowerCountTest {

  @ParameterizedTest
  @CsvSource({
    "437, 437",
    "0, 0",
    "124k, 124000",
    "2M, 2000000",
    "1.5k, 1500",
    "1.25M, 1250000",
    "9223372036854775807, 9223372036854775807",
  })
  void countsWithOptionalSuffixBecomeIntegers(String text, long expected) throws Exception {
    assertEquals(expected, FollowerCount.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lots",
        "12kk",
        "1.2345k",
        "-5",
        "1.5",
        "2m",
        "2K",
        "2 M",
        " 437",
        "1e3",
        "",
        "9223372036854775808",
        "99999999999999999999M"
      })
  void anythingElseNamesTheFollowerCountField(String text) {
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> FollowerCount.parse(text));
    assertEquals("follower_count", e.field());
    assertTrue(e.getMessage().startsWith("follower_count: "), e.getMessage());
  }
}
