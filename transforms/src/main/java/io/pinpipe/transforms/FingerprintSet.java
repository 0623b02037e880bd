package io.pinpipe.transforms;

/**
 * A set of 128-bit fingerprints in one flat {@code long[]} (open addressing, linear probing), about
 * 32 bytes an entry at its fullest load against ~100 for a {@code HashSet<ByteBuffer>}: the
 * de-duplication state grows with the rows of a shard, so its cost per row bounds how large a shard
 * may be for a given heap.
 */
final class FingerprintSet {
  private static final int INITIAL_SLOTS = 1 << 10;

  // Slot i holds (table[2i], table[2i+1]); (0, 0) marks an empty slot, so that value is tracked
  // apart.
  private long[] table = new long[2 * INITIAL_SLOTS];
  private int size;
  private boolean holdsZero;

  /** Adds a fingerprint; true when it was not in the set before. */
  boolean add(long high, long low) {
    if (high == 0 && low == 0) {
      boolean added = !holdsZero;
      holdsZero = true;
      return added;
    }
    if (2L * (size + 1) > slots()) {
      grow();
    }
    if (insert(table, high, low)) {
      size++;
      return true;
    }
    return false;
  }

  int size() {
    return size + (holdsZero ? 1 : 0);
  }

  /** Bytes held by the table itself (the set's whole footprint but a few dozen bytes). */
  long footprintBytes() {
    return 8L * table.length;
  }

  private int slots() {
    return table.length / 2;
  }

  private static boolean insert(long[] into, long high, long low) {
    int mask = into.length / 2 - 1;
    // The fingerprints are cryptographic digests: their bits are already uniform.
    int slot = (int) (high ^ (high >>> 32)) & mask;
    while (true) {
      long h = into[2 * slot];
      long l = into[2 * slot + 1];
      if (h == 0 && l == 0) {
        into[2 * slot] = high;
        into[2 * slot + 1] = low;
        return true;
      }
      if (h == high && l == low) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] larger = new long[2 * table.length];
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] != 0 || table[i + 1] != 0) {
        insert(larger, table[i], table[i + 1]);
      }
    }
    table = larger;
  }
}
