package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** cleaning.md §5 for one shard, and what its state costs. */
class DistinctRowsTest {
  private static final Schema KEYED =
      Schema.builder().addInt64Field("ind").addStringField("name").build();

  private static Row row(long ind, String name) {
    return Row.withSchema(KEYED).addValues(ind, name).build();
  }

  private static String json(long ind, String name) {
    return "{\"ind\":" + ind + ",\"name\":\"" + name + "\"}";
  }

  @Test
  void aRepeatedRowIsNotFirstAndADifferentRowOfTheSameKeyIsAConflictCountedOncePerKey() {
    DistinctRows distinct = new DistinctRows();
    assertTrue(distinct.firstSeen(row(1, "a"), json(1, "a")));
    assertFalse(distinct.firstSeen(row(1, "a"), json(1, "a")));
    assertTrue(distinct.firstSeen(row(1, "b"), json(1, "b")));
    assertTrue(distinct.firstSeen(row(1, "c"), json(1, "c")));
    assertTrue(distinct.firstSeen(row(2, "a"), json(2, "a")));
    assertTrue(distinct.firstSeen(row(0, "z"), json(0, "z")));
    assertTrue(distinct.firstSeen(row(0, "y"), json(0, "y")));
    assertFalse(distinct.firstSeen(row(0, "y"), json(0, "y")));

    assertEquals(6, distinct.distinctRows());
    assertEquals(2, distinct.keyConflicts(), "keys 1 and 0 have several distinct rows");
  }

  @Test
  void aMillionDistinctRowsCostAtMostFortyEightBytesEach() {
    DistinctRows distinct = new DistinctRows();
    int n = 1 << 20;
    for (int i = 0; i < n; i++) {
      assertTrue(distinct.firstSeen(row(i, "r"), json(i, "r")));
    }
    assertEquals(n, distinct.distinctRows());
    assertEquals(0, distinct.keyConflicts());
    assertTrue(
        distinct.footprintBytes() <= 48L * n + 8192,
        distinct.footprintBytes() + " bytes for " + n + " rows");
  }
}
