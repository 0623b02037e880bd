package io.pinpipe.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The part of a speed table that a batch view does not cover: the data files of the panes whose
 * source positions go past the input the batch view's snapshot read.
 *
 * <p>The boundary is the batch snapshot's own summary: the last offset per topic-partition its run
 * read ({@link InputCoverage#OFFSET}). A pane commit records the last position of the records it
 * holds per partition (the same keys), so a pane whose every position is at or below the boundary
 * holds only records the batch run also read, and is left out. Any other pane is taken whole: a
 * pane straddling the boundary, a late pane, a pane from Kinesis (sequence numbers no batch run
 * reads) or from another prefix. Taking a pane the batch view partly covers is safe because the
 * merge counts distinct rows (cleaning.md §5): a row in both sides counts once. Leaving one out is
 * only ever done on the positions, never on event time, so late or out-of-order events are not
 * missed.
 */
public final class SpeedIncrement {
  /** The speed snapshot read, or null when the speed table does not exist or has no snapshot. */
  public final @Nullable Long snapshotId;

  /** Data files of the panes after the boundary, to read whole. */
  public final List<String> files;

  public final int panesAfter;
  public final int panesCovered;

  /** The batch view's positions: panes at or below every one of them were left out. */
  public final Map<String, String> boundary;

  /** The newest event time among the rows taken (from the files' column statistics), or null. */
  public final @Nullable Instant newestEventTime;

  private SpeedIncrement(
      @Nullable Long snapshotId,
      List<String> files,
      int panesAfter,
      int panesCovered,
      Map<String, String> boundary,
      @Nullable Instant newestEventTime) {
    this.snapshotId = snapshotId;
    this.files = Collections.unmodifiableList(files);
    this.panesAfter = panesAfter;
    this.panesCovered = panesCovered;
    this.boundary = Collections.unmodifiableMap(boundary);
    this.newestEventTime = newestEventTime;
  }

  /** The positions a snapshot summary records (offsets and sequence numbers), by key. */
  static Map<String, String> positions(Map<String, String> summary) {
    Map<String, String> positions = new TreeMap<>();
    summary.forEach(
        (key, value) -> {
          if (key.startsWith(InputCoverage.OFFSET) || key.startsWith(InputCoverage.SEQUENCE)) {
            positions.put(key, value);
          }
        });
    return positions;
  }

  /**
   * The pane commits of {@code table}'s history that {@code boundary} covers, by sequence number: a
   * data file's data sequence number is that of the commit that added it (format v2), so these also
   * name the covered panes' files. A trim is not a pane.
   */
  static Set<Long> coveredPanes(Table table, Map<String, String> boundary) {
    Set<Long> covered = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (SpeedTableTrim.isPane(snapshot) && covered(positions(snapshot.summary()), boundary)) {
        covered.add(snapshot.sequenceNumber());
      }
    }
    return covered;
  }

  /**
   * Whether every position of a pane commit is at or below the batch view's position of the same
   * partition.
   */
  static boolean covered(Map<String, String> pane, Map<String, String> boundary) {
    if (pane.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, String> position : pane.entrySet()) {
      String batch = boundary.get(position.getKey());
      if (batch == null
          || new BigInteger(position.getValue()).compareTo(new BigInteger(batch)) > 0) {
        return false;
      }
    }
    return true;
  }

  /** What of {@code speedTable}'s current snapshot lies after {@code batchView}'s boundary. */
  public static SpeedIncrement after(
      Catalog catalog, TableIdentifier speedTable, Snapshot batchView) {
    Map<String, String> boundary = positions(batchView.summary());
    Table table;
    try {
      table = catalog.loadTable(speedTable);
    } catch (NoSuchTableException e) {
      return new SpeedIncrement(null, List.of(), 0, 0, boundary, null);
    }
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new SpeedIncrement(null, List.of(), 0, 0, boundary, null);
    }
    Set<Long> coveredPanes = coveredPanes(table, boundary);
    int panes = 0;
    for (Snapshot snapshot : table.snapshots()) {
      if (SpeedTableTrim.isPane(snapshot)) {
        panes++;
      }
    }
    int panesCovered = coveredPanes.size();
    int panesAfter = panes - panesCovered;
    int eventTime = table.schema().findField(LakeTables.EVENT_TIME).fieldId();
    List<String> files = new ArrayList<>();
    Long newest = null;
    // Column statistics (the event times' upper bounds) are left out of a plan unless asked for.
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(current.snapshotId()).includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        Long sequence = task.file().dataSequenceNumber();
        if (sequence != null && sequence > 0 && coveredPanes.contains(sequence)) {
          continue;
        }
        files.add(task.file().location());
        newest = newer(newest, task.file(), eventTime);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan the files of " + speedTable, e);
    }
    Instant newestEventTime = newest == null ? null : Instant.EPOCH.plus(newest, ChronoUnit.MICROS);
    return new SpeedIncrement(
        current.snapshotId(), files, panesAfter, panesCovered, boundary, newestEventTime);
  }

  /**
   * What has come after {@code previous} (an increment of the same speed table and batch view): the
   * data files of the pane commits since {@code previous.snapshotId}, read from those commits alone
   * (their added files), so a reader that follows the table pays for the new panes, not for its
   * whole history. The counts and the newest event time are {@code previous}'s and the new panes'
   * together. When {@code previous} is not an ancestor of the current snapshot (the table was
   * rewritten), it is {@link #after} again, whole: a caller that keeps the files it took skips
   * those.
   */
  public static SpeedIncrement next(
      Catalog catalog, TableIdentifier speedTable, Snapshot batchView, SpeedIncrement previous) {
    if (previous.snapshotId == null) {
      return after(catalog, speedTable, batchView);
    }
    Table table;
    try {
      table = catalog.loadTable(speedTable);
    } catch (NoSuchTableException e) {
      return after(catalog, speedTable, batchView);
    }
    Snapshot current = table.currentSnapshot();
    if (current == null || current.snapshotId() == previous.snapshotId) {
      return new SpeedIncrement(
          previous.snapshotId,
          List.of(),
          previous.panesAfter,
          previous.panesCovered,
          previous.boundary,
          previous.newestEventTime);
    }
    List<Snapshot> newer = new ArrayList<>();
    for (Snapshot s = current; s.snapshotId() != previous.snapshotId; ) {
      newer.add(s);
      s = s.parentId() == null ? null : table.snapshot(s.parentId());
      if (s == null) {
        return after(catalog, speedTable, batchView); // the history does not lead back to previous
      }
    }
    int eventTime = table.schema().findField(LakeTables.EVENT_TIME).fieldId();
    List<String> files = new ArrayList<>();
    int panesAfter = previous.panesAfter;
    int panesCovered = previous.panesCovered;
    Long newest =
        previous.newestEventTime == null
            ? null
            : ChronoUnit.MICROS.between(Instant.EPOCH, previous.newestEventTime);
    for (Snapshot snapshot : newer) {
      if (!SpeedTableTrim.isPane(snapshot)) {
        continue; // a trim removes only files of covered panes, which were never taken
      }
      if (covered(positions(snapshot.summary()), previous.boundary)) {
        panesCovered++;
        continue;
      }
      panesAfter++;
      for (org.apache.iceberg.DataFile file : snapshot.addedDataFiles(table.io())) {
        files.add(file.location());
        newest = newer(newest, file, eventTime);
      }
    }
    Instant newestEventTime = newest == null ? null : Instant.EPOCH.plus(newest, ChronoUnit.MICROS);
    return new SpeedIncrement(
        current.snapshotId(), files, panesAfter, panesCovered, previous.boundary, newestEventTime);
  }

  /**
   * The later of {@code newest} and {@code file}'s upper bound of the event time (micros; null:
   * none yet).
   */
  private static @Nullable Long newer(@Nullable Long newest, ContentFile<?> file, int eventTime) {
    ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(eventTime);
    if (upper == null) {
      return newest;
    }
    long micros = Conversions.fromByteBuffer(Types.TimestampType.withZone(), upper);
    return newest == null ? micros : Math.max(newest, micros);
  }
}
