package io.pinpipe.bench;

import io.pinpipe.transforms.model.Table;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reconciliation counts of one table in the baseline (cleaning.md §8), shared by all threads.
 */
final class TableTally {
  final Table table;
  final LongAdder read = new LongAdder();
  final LongAdder curatedBeforeDedup = new LongAdder();
  final LongAdder curatedAfterDedup = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final StripedDistinctRows distinct = new StripedDistinctRows();

  TableTally(Table table) {
    this.table = table;
  }

  TableCount snapshot() {
    return new TableCount(
        table.id(),
        read.sum(),
        curatedBeforeDedup.sum(),
        curatedAfterDedup.sum(),
        deadLettered.sum(),
        distinct.keyConflicts());
  }
}
