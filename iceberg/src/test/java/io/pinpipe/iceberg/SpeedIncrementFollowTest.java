package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that follows a speed table ({@link SpeedIncrement#next}, the serving layer) takes
 * exactly the files {@link SpeedIncrement#after} takes, reading only the pane commits since its
 * last look: covered panes left out, the counts and the newest event time carried over, and the
 * whole history read again when its last look is no longer in it.
 */
class SpeedIncrementFollowTest {
  private static final String P0 = InputCoverage.OFFSET + "pinpipe.user/0";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path warehouse;
  private Catalog catalog;
  private org.apache.iceberg.Table speed;
  private Snapshot batchView;
  private final LakeTables tables = LakeTables.defaults();

  @BeforeEach
  void tables() {
    catalog =
        CatalogConfig.of(
                "test", CatalogConfig.Kind.EMBEDDED, warehouse.toUri().toString(), null, Map.of())
            .connect();
    tables.ensureExist(catalog);
    org.apache.iceberg.Table batch = catalog.loadTable(tables.batchView(Table.USER));
    append(batch, "batch-0", 10, T0);
    batchView = batch.currentSnapshot();
    speed = catalog.loadTable(tables.speedTable(Table.USER));
  }

  @Test
  void followingTakesTheSameFilesAsPlanningTheWholeTable() {
    append(speed, "covered", 7, T0.plusSeconds(1));
    append(speed, "after-1", 12, T0.plusSeconds(2));
    SpeedIncrement first = SpeedIncrement.after(catalog, tables.speedTable(Table.USER), batchView);
    assertEquals(List.of(file("after-1")), first.files);

    SpeedIncrement nothingNew =
        SpeedIncrement.next(catalog, tables.speedTable(Table.USER), batchView, first);
    assertEquals(List.of(), nothingNew.files);
    assertEquals(first.snapshotId, nothingNew.snapshotId);

    append(speed, "covered-late", 9, T0.plusSeconds(3));
    append(speed, "after-2", 15, T0.plusSeconds(9));
    append(speed, "after-3", 16, T0.plusSeconds(4));
    SpeedIncrement next =
        SpeedIncrement.next(catalog, tables.speedTable(Table.USER), batchView, nothingNew);
    assertEquals(List.of(file("after-2"), file("after-3")), next.files.stream().sorted().toList());
    assertEquals(3, next.panesAfter);
    assertEquals(2, next.panesCovered);
    assertEquals(T0.plusSeconds(9), next.newestEventTime);

    SpeedIncrement whole = SpeedIncrement.after(catalog, tables.speedTable(Table.USER), batchView);
    assertEquals(
        List.of(file("after-1"), file("after-2"), file("after-3")),
        whole.files.stream().sorted().toList());
    assertEquals(whole.panesAfter, next.panesAfter);
    assertEquals(whole.panesCovered, next.panesCovered);
    assertEquals(whole.newestEventTime, next.newestEventTime);
  }

  @Test
  void aLastLookNoLongerInTheHistoryReadsItWhole() {
    append(speed, "after-1", 12, T0.plusSeconds(2));
    SpeedIncrement first = SpeedIncrement.after(catalog, tables.speedTable(Table.USER), batchView);
    append(speed, "after-2", 13, T0.plusSeconds(3));
    speed.refresh();
    speed.expireSnapshots().expireSnapshotId(first.snapshotId).commit();
    SpeedIncrement next =
        SpeedIncrement.next(catalog, tables.speedTable(Table.USER), batchView, first);
    assertEquals(List.of(file("after-1"), file("after-2")), next.files.stream().sorted().toList());
  }

  @Test
  void aTrimRemovesTheCoveredPanesAndFollowingReadersTakeTheSameFiles() throws Exception {
    append(speed, "covered", 7, T0.plusSeconds(1));
    append(speed, "after-1", 12, T0.plusSeconds(2));
    append(speed, "covered-late", 9, T0.plusSeconds(3));
    TableIdentifier speedId = tables.speedTable(Table.USER);
    SpeedIncrement first = SpeedIncrement.after(catalog, speedId, batchView);

    SpeedTableTrim.Removed removed = SpeedTableTrim.coveredBy(catalog, speedId, batchView);

    assertEquals(new SpeedTableTrim.Removed(2, 2, 2, 0), removed);
    assertEquals(List.of(file("after-1")), liveFiles());
    speed.refresh();
    assertEquals(
        4L,
        java.util.stream.StreamSupport.stream(speed.snapshots().spliterator(), false).count(),
        "the pane commits stay in the history, and the trim follows them");
    assertEquals(
        "run-batch-0", speed.currentSnapshot().summary().get(SpeedTableTrim.COVERED_BY_RUN));
    // Readers: the same files and counts, whether following or planning the table again.
    SpeedIncrement next = SpeedIncrement.next(catalog, speedId, batchView, first);
    assertEquals(List.of(), next.files);
    SpeedIncrement whole = SpeedIncrement.after(catalog, speedId, batchView);
    assertEquals(first.files, whole.files);
    for (SpeedIncrement read : List.of(next, whole)) {
      assertEquals(1, read.panesAfter);
      assertEquals(2, read.panesCovered);
    }
    // Trimming again removes nothing and commits nothing.
    long trimmed = speed.currentSnapshot().snapshotId();
    assertEquals(
        new SpeedTableTrim.Removed(0, 0, 0, 0),
        SpeedTableTrim.coveredBy(catalog, speedId, batchView));
    speed.refresh();
    assertEquals(trimmed, speed.currentSnapshot().snapshotId());
  }

  @Test
  void aBatchViewWithoutPositionsCoversNothing() throws Exception {
    append(speed, "pane", 7, T0.plusSeconds(1));
    org.apache.iceberg.Table fromDatabase = catalog.loadTable(tables.batchView(Table.GEO));
    fromDatabase.newAppend().set(CommitRun.RUN_ID, "jdbc-run").commit();
    assertEquals(
        new SpeedTableTrim.Removed(0, 0, 0, 0),
        SpeedTableTrim.coveredBy(
            catalog, tables.speedTable(Table.USER), fromDatabase.currentSnapshot()));
    assertEquals(List.of(file("pane")), liveFiles());
  }

  @Test
  void theCommitsNoFreshStartNeedsLeaveTheHistoryOnceTrimmed() throws Exception {
    // 10 s windows; after the newest pane a fresh start resumes at T0 + 10 s.
    Instant resume = T0.plusSeconds(10);
    append(speed, "covered-resumed-before", 7, T0.plusSeconds(5), T0.plusSeconds(10), resume);
    append(speed, "covered-read-again", 9, T0.plusSeconds(15), T0.plusSeconds(20), resume);
    append(speed, "after", 12, T0.plusSeconds(25), T0.plusSeconds(30), resume);
    TableIdentifier speedId = tables.speedTable(Table.USER);

    SpeedTableTrim.Removed removed =
        SpeedTableTrim.coveredBy(catalog, speedId, batchView, java.time.Duration.ZERO);

    assertEquals(new SpeedTableTrim.Removed(2, 2, 2, 1), removed);
    speed.refresh();
    List<String> history = new java.util.ArrayList<>();
    speed.snapshots().forEach(s -> history.add(s.summary().getOrDefault(CommitRun.RUN_ID, "trim")));
    // The pane a fresh start could fire again stays known; the one before where it resumes goes.
    assertEquals(List.of("run-covered-read-again", "run-after", "trim"), history);
    assertEquals(List.of(file("after")), liveFiles());
    assertEquals(
        org.joda.time.Instant.parse(T0.plusSeconds(30).toString()),
        AppendPanes.lastWindowEnd(speed),
        "where a fresh start resumes is unchanged");
    SpeedIncrement whole = SpeedIncrement.after(catalog, speedId, batchView);
    assertEquals(List.of(file("after")), whole.files);
    assertEquals(1, whole.panesAfter);
    assertEquals(1, whole.panesCovered);

    // The next trim expires this one (no longer the newest commit once a pane follows it).
    append(speed, "after-2", 13, T0.plusSeconds(35), T0.plusSeconds(40), T0.plusSeconds(20));
    assertEquals(
        new SpeedTableTrim.Removed(0, 0, 0, 2),
        SpeedTableTrim.coveredBy(catalog, speedId, batchView, java.time.Duration.ZERO));
    speed.refresh();
    history.clear();
    speed.snapshots().forEach(s -> history.add(s.summary().getOrDefault(CommitRun.RUN_ID, "trim")));
    assertEquals(List.of("run-after", "run-after-2"), history);
  }

  private List<String> liveFiles() throws Exception {
    speed.refresh();
    List<String> files = new java.util.ArrayList<>();
    try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
        speed.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    }
    files.sort(null);
    return files;
  }

  private String file(String name) {
    return warehouse.resolve(name + ".parquet").toUri().toString();
  }

  /**
   * One commit of one (never read) data file whose event times end at {@code newest}, at offset
   * {@code offset}.
   */
  private void append(org.apache.iceberg.Table table, String name, long offset, Instant newest) {
    append(table, name, offset, newest, null, null);
  }

  /** {@link #append} as a pane of the window ending at {@code windowEnd}, if given. */
  private void append(
      org.apache.iceberg.Table table,
      String name,
      long offset,
      Instant newest,
      Instant windowEnd,
      Instant resumeFrom) {
    table.refresh();
    int eventTime =
        table.schema().findField(LakeTables.EVENT_TIME) == null
            ? -1
            : table.schema().findField(LakeTables.EVENT_TIME).fieldId();
    Map<Integer, java.nio.ByteBuffer> upper =
        eventTime < 0
            ? Map.of()
            : Map.of(
                eventTime,
                Conversions.toByteBuffer(
                    Types.TimestampType.withZone(), newest.getEpochSecond() * 1_000_000));
    AppendFiles append =
        table
            .newAppend()
            .appendFile(
                DataFiles.builder(table.spec())
                    .withPath(file(name))
                    .withFormat("parquet")
                    .withFileSizeInBytes(100)
                    .withRecordCount(1)
                    .withMetrics(new Metrics(1L, null, null, null, null, Map.of(), upper))
                    .build());
    append.set(P0, Long.toString(offset));
    append.set(CommitRun.RUN_ID, "run-" + name);
    if (windowEnd != null) {
      append.set(AppendPanes.PANES, "user/" + name + "/0/0");
      append.set(AppendPanes.WINDOW_END, windowEnd.toString());
      append.set(AppendPanes.RESUME_FROM, resumeFrom.toString());
    }
    append.commit();
  }
}
