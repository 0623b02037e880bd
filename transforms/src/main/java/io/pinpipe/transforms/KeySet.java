package io.pinpipe.transforms;

/**
 * A set of {@code long} keys in one flat {@code long[]} (open addressing, linear probing), about 16
 * bytes an entry at its fullest load against ~50 for a {@code HashSet<Long>}; see {@link
 * FingerprintSet} for why the cost per row matters.
 */
final class KeySet {
  private static final int INITIAL_SLOTS = 1 << 10;

  // 0 marks an empty slot, so the key 0 is tracked apart.
  private long[] table = new long[INITIAL_SLOTS];
  private int size;
  private boolean holdsZero;

  /** Adds a key; true when it was not in the set before. */
  boolean add(long key) {
    if (key == 0) {
      boolean added = !holdsZero;
      holdsZero = true;
      return added;
    }
    if (2L * (size + 1) > table.length) {
      grow();
    }
    if (insert(table, key)) {
      size++;
      return true;
    }
    return false;
  }

  int size() {
    return size + (holdsZero ? 1 : 0);
  }

  long footprintBytes() {
    return 8L * table.length;
  }

  private static boolean insert(long[] into, long key) {
    int mask = into.length - 1;
    // Keys are often consecutive ids: mix them so they spread over the table (MurmurHash3 fmix64).
    long mixed = key;
    mixed ^= mixed >>> 33;
    mixed *= 0xff51afd7ed558ccdL;
    mixed ^= mixed >>> 33;
    mixed *= 0xc4ceb9fe1a85ec53L;
    mixed ^= mixed >>> 33;
    int slot = (int) mixed & mask;
    while (true) {
      long present = into[slot];
      if (present == 0) {
        into[slot] = key;
        return true;
      }
      if (present == key) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] larger = new long[2 * table.length];
    for (long key : table) {
      if (key != 0) {
        insert(larger, key);
      }
    }
    table = larger;
  }
}
