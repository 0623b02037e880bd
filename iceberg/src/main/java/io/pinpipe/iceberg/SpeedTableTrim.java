package io.pinpipe.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The hand-over of the Lambda architecture: once a batch view covers panes of its speed table
 * (every source position of the pane at or below the batch view's: {@link SpeedIncrement#covered}),
 * their rows are in the batch view and the speed table no longer needs them. Removing their data
 * files keeps the speed table, and what the serving layer plans and reads of it, to the input since
 * the last batch run instead of everything the stream ever wrote.
 *
 * <p>One delete commit per speed table, and none when nothing is covered, so trimming twice is
 * trimming once. A covered pane's commit stays in the history while a fresh start of the stream
 * could fire its window again (its window ends after the newest pane's {@link
 * AppendPanes#RESUME_FROM}), so the stream's exactly-once check ({@link AppendPanes}) still knows
 * it, and for at least an hour, for a Flink restore from a recent checkpoint; then it is expired,
 * with the earlier trims, so that the history, which every commit rewrites, holds the panes since
 * about the last batch run instead of every pane ever. The files leave the storage when the last
 * snapshot that reads them expires. Panes without positions a batch run reads (Kinesis sequence
 * numbers) are never covered, so never trimmed.
 *
 * <p>Restoring a Flink savepoint taken before the trim fires covered panes again: they are
 * committed again, stay covered (the serving layer leaves them out) and leave at the next trim.
 */
public final class SpeedTableTrim {
  /** Summary property of a trim commit: the batch run whose views cover what it removed. */
  public static final String COVERED_BY_RUN = "pinpipe.covered-by-run";

  /** Summary property of a trim commit: how many pane commits' files it removed. */
  public static final String PANES_REMOVED = "pinpipe.panes-removed";

  /** How long a covered pane's commit stays in the history at least. */
  static final Duration KEEP_COMMITS_YOUNGER_THAN = Duration.ofHours(1);

  /** Attempts of one step of a trim, each with Iceberg's own commit retries. */
  private static final int ATTEMPTS = 5;

  private SpeedTableTrim() {}

  /**
   * What one trim removed from a speed table: data files, their rows and the pane commits they came
   * from, and the commits it expired from the history.
   */
  public record Removed(int files, long rows, int panes, int commitsExpired) {
    static final Removed NOTHING = new Removed(0, 0, 0, 0);
  }

  /**
   * Removes from {@code speedTable} the data files of the panes {@code batchView} (a snapshot of
   * its batch view) covers, and expires the commits no restart needs.
   */
  public static Removed coveredBy(Catalog catalog, TableIdentifier speedTable, Snapshot batchView) {
    return coveredBy(catalog, speedTable, batchView, KEEP_COMMITS_YOUNGER_THAN);
  }

  /**
   * {@link #coveredBy(Catalog, TableIdentifier, Snapshot)}, keeping the commits younger than {@code
   * keepYoungerThan} (an hour there) in the history whatever they are.
   */
  public static Removed coveredBy(
      Catalog catalog, TableIdentifier speedTable, Snapshot batchView, Duration keepYoungerThan) {
    Map<String, String> boundary = SpeedIncrement.positions(batchView.summary());
    if (boundary.isEmpty()) {
      return Removed.NOTHING; // a run over input without positions (the source database)
    }
    Table table;
    try {
      table = catalog.loadTable(speedTable);
    } catch (NoSuchTableException e) {
      return Removed.NOTHING;
    }
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return Removed.NOTHING;
    }
    Set<Long> coveredPanes = SpeedIncrement.coveredPanes(table, boundary);
    if (coveredPanes.isEmpty()) {
      return Removed.NOTHING;
    }
    Removed removed = untilCommitted(() -> removeFiles(table, coveredPanes, batchView));
    int expired = untilCommitted(() -> expireHistory(table, coveredPanes, keepYoungerThan));
    return new Removed(removed.files, removed.rows, removed.panes, expired);
  }

  /**
   * Runs {@code step} (which plans from the table as it is now) again while a stream committing
   * panes to the same table wins every one of Iceberg's own commit retries.
   */
  private static <T> T untilCommitted(java.util.function.Supplier<T> step) {
    for (int attempt = 1; ; attempt++) {
      try {
        return step.get();
      } catch (CommitFailedException lostToTheStream) {
        if (attempt == ATTEMPTS) {
          throw lostToTheStream;
        }
      }
    }
  }

  private static Removed removeFiles(Table table, Set<Long> coveredPanes, Snapshot batchView) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    DeleteFiles delete = table.newDelete();
    int files = 0;
    long rows = 0;
    Set<Long> panes = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        Long sequence = task.file().dataSequenceNumber();
        if (sequence != null && coveredPanes.contains(sequence)) {
          delete.deleteFile(task.file());
          files++;
          rows += task.file().recordCount();
          panes.add(sequence);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
    }
    if (files == 0) {
      return Removed.NOTHING;
    }
    String run = batchView.summary().getOrDefault(CommitRun.RUN_ID, "");
    delete
        .set(COVERED_BY_RUN, run)
        .set(PANES_REMOVED, Integer.toString(panes.size()))
        .set(AppendPanes.ROWS, Long.toString(rows))
        .commit();
    return new Removed(files, rows, panes.size(), 0);
  }

  /**
   * Expires the earlier trims and the covered panes' commits that a fresh start cannot fire again,
   * when older than {@code keepYoungerThan}; returns how many.
   */
  private static int expireHistory(Table table, Set<Long> coveredPanes, Duration keepYoungerThan) {
    table.refresh();
    Instant resumeFrom = null;
    for (Snapshot snapshot : table.snapshots()) {
      String from = snapshot.summary().get(AppendPanes.RESUME_FROM);
      if (isPane(snapshot) && from != null) {
        Instant at = Instant.parse(from);
        resumeFrom = resumeFrom == null || at.isAfter(resumeFrom) ? at : resumeFrom;
      }
    }
    long before = System.currentTimeMillis() - keepYoungerThan.toMillis();
    long current = table.currentSnapshot().snapshotId();
    ExpireSnapshots expire = table.expireSnapshots();
    int expired = 0;
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.snapshotId() == current || snapshot.timestampMillis() >= before) {
        continue;
      }
      boolean due;
      if (!isPane(snapshot)) {
        due = true;
      } else {
        String end = snapshot.summary().get(AppendPanes.WINDOW_END);
        due =
            resumeFrom != null
                && end != null
                && !Instant.parse(end).isAfter(resumeFrom)
                && coveredPanes.contains(snapshot.sequenceNumber());
      }
      if (due) {
        expire.expireSnapshotId(snapshot.snapshotId());
        expired++;
      }
    }
    if (expired > 0) {
      expire.commit();
    }
    return expired;
  }

  /** Whether a snapshot of a speed table is a pane commit, not a trim. */
  static boolean isPane(Snapshot snapshot) {
    return !DataOperations.DELETE.equals(snapshot.operation());
  }
}
