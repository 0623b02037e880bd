package io.pinpipe.serve;

import java.util.Arrays;

/**
 * Rows of one table reduced to what the nine questions read, in parallel primitive columns (about
 * 32 bytes a row): the key {@code ind}, the row's fingerprint (its identity for de-duplication),
 * and three values whose meaning the table gives ({@link RowFacts}). Rows are appended; {@link
 * #sortByKey} orders them by key so that {@link #first} finds a key's rows by binary search.
 */
final class Facts {
  static final long NO_VALUE = Long.MIN_VALUE;

  private long[] keys = new long[16];
  private long[] fingerprints = new long[16];
  private int[] a = new int[16];
  private long[] b = new long[16];
  private int[] c = new int[16];
  private int size;

  void add(long key, long fingerprint, int a, long b, int c) {
    if (size == keys.length) {
      int capacity = Math.max(16, size + (size >> 1));
      keys = Arrays.copyOf(keys, capacity);
      fingerprints = Arrays.copyOf(fingerprints, capacity);
      this.a = Arrays.copyOf(this.a, capacity);
      this.b = Arrays.copyOf(this.b, capacity);
      this.c = Arrays.copyOf(this.c, capacity);
    }
    keys[size] = key;
    fingerprints[size] = fingerprint;
    this.a[size] = a;
    this.b[size] = b;
    this.c[size] = c;
    size++;
  }

  /** Drops the row added last (a speed-layer row found to be one already held). */
  void removeLast() {
    size--;
  }

  int size() {
    return size;
  }

  long key(int row) {
    return keys[row];
  }

  long fingerprint(int row) {
    return fingerprints[row];
  }

  int a(int row) {
    return a[row];
  }

  long b(int row) {
    return b[row];
  }

  int c(int row) {
    return c[row];
  }

  /**
   * Orders the rows by key (then fingerprint), keeps each distinct row once (a batch view written
   * by {@code clean} holds none twice, one written by another engine might) and trims the columns.
   */
  void sortByKey() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) ->
            keys[x] != keys[y]
                ? Long.compare(keys[x], keys[y])
                : Long.compare(fingerprints[x], fingerprints[y]));
    long[] k = new long[size];
    long[] f = new long[size];
    int[] na = new int[size];
    long[] nb = new long[size];
    int[] nc = new int[size];
    int kept = 0;
    for (int n = 0; n < size; n++) {
      int from = order[n];
      if (kept > 0 && k[kept - 1] == keys[from] && f[kept - 1] == fingerprints[from]) {
        continue;
      }
      int i = kept++;
      k[i] = keys[from];
      f[i] = fingerprints[from];
      na[i] = a[from];
      nb[i] = b[from];
      nc[i] = c[from];
    }
    keys = Arrays.copyOf(k, kept);
    fingerprints = Arrays.copyOf(f, kept);
    a = Arrays.copyOf(na, kept);
    b = Arrays.copyOf(nb, kept);
    c = Arrays.copyOf(nc, kept);
    size = kept;
  }

  /** The first row with {@code key} in key order, or -1; valid after {@link #sortByKey}. */
  int first(long key) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (keys[mid] < key) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low < size && keys[low] == key ? low : -1;
  }

  /** Bytes the columns take. */
  long bytes() {
    return (long) keys.length * (8 + 8 + 4 + 8 + 4);
  }
}
