package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySetTest {
  @Test
  void agreesWithAHashSetForConsecutiveNegativeAndRandomKeys() {
    KeySet set = new KeySet();
    Set<Long> reference = new HashSet<>();
    Random random = new Random(3);
    for (long key = -1_000; key < 100_000; key++) {
      assertEquals(reference.add(key), set.add(key), "add(" + key + ")");
    }
    for (int i = 0; i < 100_000; i++) {
      long key = random.nextBoolean() ? random.nextLong() : random.nextInt(200_000);
      assertEquals(reference.add(key), set.add(key), "add(" + key + ")");
    }
    assertEquals(reference.size(), set.size());
  }

  @Test
  void zeroAndLongExtremesAreKeys() {
    KeySet set = new KeySet();
    assertTrue(set.add(0));
    assertFalse(set.add(0));
    assertTrue(set.add(Long.MIN_VALUE));
    assertTrue(set.add(Long.MAX_VALUE));
    assertFalse(set.add(Long.MIN_VALUE));
    assertEquals(3, set.size());
  }
}
