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

  private String file(String name) {
    return warehouse.resolve(name + ".parquet").toUri().toString();
  }

  /**
   * One commit of one (never read) data file whose event times end at {@code newest}, at offset
   * {@code offset}.
   */
  private void append(org.apache.iceberg.Table table, String name, long offset, Instant newest) {
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
    append.commit();
  }
}
