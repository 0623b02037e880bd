package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.CuratedSchemas;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class GroupByShardTest {
  private static Row user(long ind) {
    return Row.withSchema(CuratedSchemas.USER).addValues(ind, "u", null, null).build();
  }

  @Test
  void consecutiveKeysAreSpreadEvenlyOverTheShards() {
    int[] rows = new int[4];
    for (long ind = 0; ind < 100_000; ind++) {
      rows[GroupByShard.shardOf(user(ind), 4)]++;
    }
    for (int count : rows) {
      assertTrue(Math.abs(count - 25_000) < 500, "rows per shard: " + count);
    }
  }

  @Test
  void theKeysOfOneShardSpreadOverTheBucketsOfAHashMap() {
    // java.util.HashMap's bucket of a Long key in a table of 1,024 buckets. The shard's ~780 keys
    // put at random would use about 1,024 × (1 − e^(−780/1,024)) ≈ 546 of them; the key itself
    // modulo 128 as the shard used 8.
    Set<Integer> buckets = new HashSet<>();
    for (long ind = 0; ind < 100_000; ind++) {
      if (GroupByShard.shardOf(user(ind), 128) == 5) {
        int hash = Long.hashCode(ind);
        buckets.add((hash ^ (hash >>> 16)) & 1023);
      }
    }
    assertTrue(buckets.size() > 450, "buckets used: " + buckets.size() + " of 1,024");
  }
}
