package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch run's commit on a real (embedded) Iceberg catalog: each run replaces the table's content
 * in one snapshot that names the run, a repeated commit of the same run adds nothing, and files no
 * snapshot names are removed by the next commit.
 */
class CommitRunTest {
  @TempDir Path warehouse;
  private CatalogConfig catalog;
  private final LakeTables tables = LakeTables.defaults();

  @BeforeEach
  void createTables() throws Exception {
    catalog =
        CatalogConfig.of(
            "test", CatalogConfig.Kind.EMBEDDED, warehouse.toUri().toString(), null, Map.of());
    try (AutoCloseableCatalog opened = new AutoCloseableCatalog(catalog.connect())) {
      tables.ensureExist(opened.catalog);
    }
  }

  private static Row user(long ind, String name, Integer age, String joined) {
    return Row.withSchema(CuratedSchemas.USER)
        .addValues(ind, name, age, joined == null ? null : Instant.parse(joined))
        .build();
  }

  private void runClean(String runId, long startMillis, List<Row> users) {
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<Row> rows = pipeline.apply(Create.of(users).withRowSchema(CuratedSchemas.USER));
    PCollection<WrittenFile> files =
        rows.apply("Write", WriteDataFiles.inBundles(catalog, tables.batchView(Table.USER), null));
    PCollectionList.of(files)
        .apply(
            "Commit",
            CommitRun.of(
                catalog,
                runId,
                "clean",
                startMillis,
                List.of(
                    CommitRun.TableCommit.replacing(
                        tables.batchView(Table.USER), Expressions.alwaysTrue()))));
    pipeline.run().waitUntilFinish();
  }

  private Set<String> rows() throws Exception {
    try (AutoCloseableCatalog opened = new AutoCloseableCatalog(catalog.connect());
        CloseableIterable<Record> records =
            IcebergGenerics.read(opened.catalog.loadTable(tables.batchView(Table.USER))).build()) {
      Set<String> out = new TreeSet<>();
      for (Record r : records) {
        out.add(
            r.getField("ind")
                + "|"
                + r.getField("user_name")
                + "|"
                + r.getField("age")
                + "|"
                + r.getField("date_joined"));
      }
      return out;
    }
  }

  private List<Snapshot> snapshots() throws Exception {
    try (AutoCloseableCatalog opened = new AutoCloseableCatalog(catalog.connect())) {
      List<Snapshot> out = new ArrayList<>();
      opened.catalog.loadTable(tables.batchView(Table.USER)).snapshots().forEach(out::add);
      return out;
    }
  }

  @Test
  void eachRunReplacesTheTableInOneSnapshotAndARepeatedCommitAddsNothing() throws Exception {
    runClean(
        "run-1",
        System.currentTimeMillis(),
        List.of(user(1, "Ann Lee", 20, "2016-01-02T03:04:05Z"), user(2, "Bo Kim", null, null)));
    assertEquals(Set.of("1|Ann Lee|20|2016-01-02T03:04:05Z", "2|Bo Kim|null|null"), rows());
    assertEquals(1, snapshots().size());
    assertEquals("run-1", snapshots().get(0).summary().get(CommitRun.RUN_ID));
    assertEquals("2", snapshots().get(0).summary().get(CommitRun.ROWS));

    // The commit step of run-1 retried (a runner re-running the bundle): no second snapshot.
    runClean(
        "run-1",
        System.currentTimeMillis(),
        List.of(user(1, "Ann Lee", 20, "2016-01-02T03:04:05Z")));
    assertEquals(1, snapshots().size(), "a run is committed once");
    assertEquals(2, rows().size());

    runClean(
        "run-2",
        System.currentTimeMillis(),
        List.of(user(3, "Cy Doe", 41, "2017-05-06T00:00:00Z")));
    assertEquals(Set.of("3|Cy Doe|41|2017-05-06T00:00Z"), rows(), "run-2 replaced run-1's rows");
    assertEquals(2, snapshots().size());
  }

  /**
   * The DirectRunner hands each key's output of a GroupByKey on as a bundle of its own; written as
   * they come that is one data file per key. The writer regroups them into a file per core.
   */
  @Test
  void rowsGroupedPerKeyOnTheDirectRunnerMakeAFilePerCoreNotPerKey() throws Exception {
    List<Row> users = new ArrayList<>();
    for (long ind = 0; ind < 200; ind++) {
      users.add(user(ind, "User " + ind, 30, "2016-01-02T03:04:05Z"));
    }
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<Row> perKey =
        pipeline
            .apply(Create.of(users).withRowSchema(CuratedSchemas.USER))
            .apply(
                "ByKey",
                WithKeys.of((Row r) -> r.getInt64("ind")).withKeyType(TypeDescriptors.longs()))
            .apply("GroupByKey", GroupByKey.create())
            .apply("Rows", Values.create())
            .apply("Flatten", Flatten.iterables())
            .setRowSchema(CuratedSchemas.USER);
    PCollection<WrittenFile> files =
        perKey.apply(
            "Write", WriteDataFiles.inBundles(catalog, tables.batchView(Table.USER), null));
    PCollectionList.of(files)
        .apply(
            "Commit",
            CommitRun.of(
                catalog,
                "run-1",
                "clean",
                System.currentTimeMillis(),
                List.of(
                    CommitRun.TableCommit.replacing(
                        tables.batchView(Table.USER), Expressions.alwaysTrue()))));
    pipeline.run().waitUntilFinish();

    assertEquals(200, rows().size());
    long dataFiles = Long.parseLong(snapshots().get(0).summary().get("total-data-files"));
    assertTrue(
        dataFiles <= Runtime.getRuntime().availableProcessors(),
        dataFiles + " data files for 200 keys");
  }

  /** A run of two guarded views that records only how many input records each covered. */
  private void runGuarded(String runId, long userRecords, long geoRecords) {
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<WrittenFile> coverage =
        pipeline.apply(
            Create.of(
                    WrittenFile.summary(
                        tables.batchView(Table.USER),
                        Map.of(InputCoverage.RECORDS, Long.toString(userRecords))),
                    WrittenFile.summary(
                        tables.batchView(Table.GEO),
                        Map.of(InputCoverage.RECORDS, Long.toString(geoRecords))))
                .withCoder(org.apache.beam.sdk.coders.SerializableCoder.of(WrittenFile.class)));
    PCollectionList.of(coverage)
        .apply(
            "Commit",
            CommitRun.of(
                    catalog,
                    runId,
                    "clean",
                    System.currentTimeMillis(),
                    List.of(
                        CommitRun.TableCommit.replacing(
                                tables.batchView(Table.GEO), Expressions.alwaysTrue())
                            .guarded(),
                        CommitRun.TableCommit.replacing(
                                tables.batchView(Table.USER), Expressions.alwaysTrue())
                            .guarded()))
                .refusingLessInput("allowShrink"));
    pipeline.run().waitUntilFinish();
  }

  private Map<String, Long> currentSnapshots() throws Exception {
    try (AutoCloseableCatalog opened = new AutoCloseableCatalog(catalog.connect())) {
      Map<String, Long> current = new java.util.TreeMap<>();
      for (Table table : List.of(Table.GEO, Table.USER)) {
        current.put(
            table.id(),
            opened.catalog.loadTable(tables.batchView(table)).currentSnapshot().snapshotId());
      }
      return current;
    }
  }

  @Test
  void aRunOverLessInputIsRefusedBeforeAnyTableIsCommitted() throws Exception {
    runGuarded("run-1", 30, 30);
    Map<String, Long> before = currentSnapshots();

    // geo (committed first) would be fine; user covers less: neither may change.
    Exception refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class, () -> runGuarded("run-2", 10, 40));
    String message = CommitRefused.find(refused);
    assertEquals(
        "refusing to replace pinpipe.user (snapshot "
            + before.get("user")
            + "): this run read 10 input records, "
            + "the current snapshot covers 30; nothing was committed (--allowShrink replaces it anyway)",
        message);
    assertEquals(before, currentSnapshots(), "no table changed");

    runGuarded("run-3", 30, 40);
    Map<String, Long> after = currentSnapshots();
    for (String table : before.keySet()) {
      org.junit.jupiter.api.Assertions.assertNotEquals(
          before.get(table), after.get(table), table + ": as much input or more replaces it");
    }
  }

  @Test
  void filesThatNoSnapshotNamesAreRemovedByTheNextRun() throws Exception {
    runClean("run-1", System.currentTimeMillis(), List.of(user(1, "Ann Lee", 20, null)));
    Path data = warehouse.resolve("pinpipe/user/data");
    // What a run killed before its commit leaves: a batch writer's file, never committed.
    Path orphan = data.resolve("batch-00000000-dead-run.parquet");
    Files.copy(
        Files.list(data).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow(),
        orphan);
    // A speed-layer writer's file mid-pane is not the batch run's to remove.
    Path pane = data.resolve("pane-x-0-0-inflight.parquet");
    Files.copy(orphan, pane);
    assertEquals(
        Set.of("1|Ann Lee|20|null"), rows(), "an uncommitted file is invisible to readers");

    runClean("run-2", System.currentTimeMillis() + 1000, List.of(user(2, "Bo Kim", 30, null)));
    assertFalse(Files.exists(orphan), "the orphan is removed");
    assertTrue(Files.exists(pane), "a file of another writer is left alone");
    assertEquals(Set.of("2|Bo Kim|30|null"), rows());
    assertNotNull(snapshots().get(0));
  }

  @Test
  void aFileALiveSnapshotStillReadsIsNoOrphanAfterTheSnapshotThatAddedItExpired() throws Exception {
    runClean("run-1", System.currentTimeMillis(), List.of(user(1, "Ann Lee", 20, null)));
    long afterRun1;
    String run1File;
    try (AutoCloseableCatalog opened = new AutoCloseableCatalog(catalog.connect())) {
      org.apache.iceberg.Table table = opened.catalog.loadTable(tables.batchView(Table.USER));
      Snapshot run1 = table.currentSnapshot();
      run1File = run1.addedDataFiles(table.io()).iterator().next().location();
      // Another writer appends (as the speed layer does to the dead-letter table), then run-1's
      // snapshot expires: its file is still read by the append's snapshot.
      Path copy = warehouse.resolve("pinpipe/user/data/pane-other-writer.parquet");
      Files.copy(Path.of(java.net.URI.create(run1File.replaceFirst("^file:/+", "file:///"))), copy);
      table
          .newAppend()
          .appendFile(
              org.apache.iceberg.DataFiles.builder(table.spec())
                  .copy(run1.addedDataFiles(table.io()).iterator().next())
                  .withPath(copy.toUri().toString())
                  .build())
          .commit();
      afterRun1 = table.currentSnapshot().snapshotId();
      table.expireSnapshots().expireSnapshotId(run1.snapshotId()).commit();
    }
    assertEquals(1, snapshots().size(), "run-1's snapshot expired");

    runClean("run-2", System.currentTimeMillis() + 1000, List.of(user(2, "Bo Kim", 30, null)));
    assertTrue(
        Files.exists(Path.of(java.net.URI.create(run1File.replaceFirst("^file:/+", "file:///")))),
        "run-1's file is still read by a snapshot in the history, so it is no orphan");
    try (AutoCloseableCatalog opened = new AutoCloseableCatalog(catalog.connect());
        CloseableIterable<Record> records =
            IcebergGenerics.read(opened.catalog.loadTable(tables.batchView(Table.USER)))
                .useSnapshot(afterRun1)
                .build()) {
      List<Record> all = new ArrayList<>();
      records.forEach(all::add);
      assertEquals(2, all.size(), "the older snapshot is still readable");
    }
    assertEquals(Set.of("2|Bo Kim|30|null"), rows());
  }

  /** try-with-resources for catalogs that may or may not be closeable. */
  static final class AutoCloseableCatalog implements AutoCloseable {
    final Catalog catalog;

    AutoCloseableCatalog(Catalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public void close() {
      CatalogConfig.close(catalog);
    }
  }
}
