package io.pinpipe.bench;

import io.pinpipe.transforms.DistinctRows;
import org.apache.beam.sdk.values.Row;

/**
 * cleaning.md §5 over a whole table for many threads: the pipeline's own {@link DistinctRows}, one
 * per stripe of keys, each behind its own lock. Equal rows have equal keys, so they always meet in
 * the same stripe, as they meet in the same shard in the pipeline.
 */
final class StripedDistinctRows {
  private static final int STRIPES = 64;

  private final DistinctRows[] stripes = new DistinctRows[STRIPES];

  StripedDistinctRows() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new DistinctRows();
    }
  }

  /**
   * True the first time a row with this content is offered; {@code json} is its JSON Lines form.
   */
  boolean firstSeen(Row row, String json) {
    DistinctRows stripe = stripes[(int) Math.floorMod(mix(row.getInt64("ind")), (long) STRIPES)];
    synchronized (stripe) {
      return stripe.firstSeen(row, json);
    }
  }

  long keyConflicts() {
    long conflicts = 0;
    for (DistinctRows stripe : stripes) {
      synchronized (stripe) {
        conflicts += stripe.keyConflicts();
      }
    }
    return conflicts;
  }

  /** Consecutive keys would otherwise fill the stripes in lock step with the threads. */
  private static long mix(Long key) {
    long k = key == null ? 0 : key;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    return k ^ (k >>> 33);
  }
}
