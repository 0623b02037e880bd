package io.pinpipe.iceberg;

import io.pinpipe.transforms.model.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which snapshot of each batch view a reader answers from. A {@code clean} run commits its tables
 * one after the other; a reader that took each table's newest snapshot could meet a run that has
 * committed some tables and not yet (or never, if it died) the others. So readers take the newest
 * run that every batch view holds, by the run id in the snapshot summaries ({@link
 * CommitRun#RUN_ID}).
 */
public final class BatchViews {
  private BatchViews() {}

  /** Thrown when a table or snapshot the reader asked for is not there; the message says which. */
  public static final class MissingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MissingException(String message) {
      super(message);
    }
  }

  /**
   * The snapshots to read: of the run that wrote {@code snapshotId} (when given), else of the
   * newest run committed at or before {@code asOfMillis} (when given) or at all.
   */
  public static Map<Table, Snapshot> select(
      Catalog catalog, LakeTables tables, @Nullable Long snapshotId, @Nullable Long asOfMillis) {
    Map<Table, org.apache.iceberg.Table> loaded = new EnumMap<>(Table.class);
    for (Table table : Table.POSTING_EVENT) {
      try {
        loaded.put(table, catalog.loadTable(tables.batchView(table)));
      } catch (NoSuchTableException e) {
        throw new MissingException(
            "table " + tables.batchView(table) + " does not exist: run clean first");
      }
      if (loaded.get(table).currentSnapshot() == null) {
        throw new MissingException(
            "table " + tables.batchView(table) + " has no snapshot yet: run clean first");
      }
    }
    String run = null;
    if (snapshotId != null) {
      for (org.apache.iceberg.Table table : loaded.values()) {
        Snapshot snapshot = table.snapshot(snapshotId);
        if (snapshot != null) {
          run = snapshot.summary().get(CommitRun.RUN_ID);
          if (run == null) {
            throw new MissingException(
                "snapshot "
                    + snapshotId
                    + " of "
                    + table.name()
                    + " was not written by a pinpipe run");
          }
        }
      }
      if (run == null) {
        throw new MissingException("no batch view has a snapshot " + snapshotId);
      }
    } else {
      List<Snapshot> newestFirst = new ArrayList<>();
      loaded.get(Table.PIN).snapshots().forEach(newestFirst::add);
      newestFirst.sort(Comparator.comparingLong(Snapshot::timestampMillis).reversed());
      for (Snapshot candidate : newestFirst) {
        String id = candidate.summary().get(CommitRun.RUN_ID);
        if (id != null
            && (asOfMillis == null || candidate.timestampMillis() <= asOfMillis)
            && inEveryTable(loaded, id, asOfMillis)) {
          run = id;
          break;
        }
      }
      if (run == null) {
        throw new MissingException(
            "no clean run has committed every batch view"
                + (asOfMillis == null ? "" : " by " + java.time.Instant.ofEpochMilli(asOfMillis)));
      }
    }
    Map<Table, Snapshot> chosen = new EnumMap<>(Table.class);
    for (Map.Entry<Table, org.apache.iceberg.Table> e : loaded.entrySet()) {
      Snapshot snapshot = CommitRun.committedBy(e.getValue(), run);
      if (snapshot == null) {
        throw new MissingException(
            "run "
                + run
                + " did not commit "
                + e.getValue().name()
                + " (it failed part-way): pick another");
      }
      chosen.put(e.getKey(), snapshot);
    }
    return chosen;
  }

  private static boolean inEveryTable(
      Map<Table, org.apache.iceberg.Table> tables, String run, @Nullable Long asOfMillis) {
    for (org.apache.iceberg.Table table : tables.values()) {
      Snapshot snapshot = CommitRun.committedBy(table, run);
      if (snapshot == null || (asOfMillis != null && snapshot.timestampMillis() > asOfMillis)) {
        return false;
      }
    }
    return true;
  }
}
