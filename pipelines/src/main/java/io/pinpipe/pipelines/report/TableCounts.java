package io.pinpipe.pipelines.report;

import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.TableSpec;
import org.apache.beam.sdk.PipelineResult;

/** The reconciliation counts of one table after (or during) a run, read from Beam metrics. */
public final class TableCounts {
  public final TableSpec table;
  public final long read;
  public final long curatedBeforeDedup;
  public final long curatedAfterDedup;
  public final long deadLettered;
  public final long keyConflicts;

  private TableCounts(
      TableSpec table, long read, long before, long after, long dead, long conflicts) {
    this.table = table;
    this.read = read;
    this.curatedBeforeDedup = before;
    this.curatedAfterDedup = after;
    this.deadLettered = dead;
    this.keyConflicts = conflicts;
  }

  public static TableCounts of(PipelineResult result, TableSpec table) {
    return new TableCounts(
        table,
        TableCounters.value(result, table, TableCounters.READ),
        TableCounters.value(result, table, TableCounters.CURATED_BEFORE_DEDUP),
        TableCounters.value(result, table, TableCounters.CURATED_AFTER_DEDUP),
        TableCounters.value(result, table, TableCounters.DEAD_LETTERED),
        TableCounters.value(result, table, TableCounters.KEY_CONFLICTS));
  }

  /** cleaning.md §8: every record read was curated or dead-lettered. */
  public boolean reconciles() {
    return read == curatedBeforeDedup + deadLettered;
  }
}
