package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {
  @Test
  void agreesWithAHashSetThroughManyGrowthsAndRepeats() {
    FingerprintSet set = new FingerprintSet();
    Set<List<Long>> reference = new HashSet<>();
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      // Small ranges make repeats and same-high/different-low pairs common.
      long high = random.nextInt(25_000);
      long low = random.nextInt(3);
      assertEquals(
          reference.add(List.of(high, low)), set.add(high, low), "add(" + high + ", " + low + ")");
    }
    assertEquals(reference.size(), set.size());
  }

  @Test
  void theAllZeroFingerprintIsAValueLikeAnyOther() {
    FingerprintSet set = new FingerprintSet();
    assertTrue(set.add(0, 0));
    assertFalse(set.add(0, 0));
    assertTrue(set.add(0, 1));
    assertTrue(set.add(1, 0));
    assertEquals(3, set.size());
  }

  @Test
  void costsAtMostThirtyTwoBytesAFingerprintOnceFull() {
    FingerprintSet set = new FingerprintSet();
    Random random = new Random(1);
    int n = 1 << 20;
    for (int i = 0; i < n; i++) {
      set.add(random.nextLong(), random.nextLong());
    }
    assertTrue(set.footprintBytes() <= 32L * n, set.footprintBytes() + " bytes for " + n);
  }
}
