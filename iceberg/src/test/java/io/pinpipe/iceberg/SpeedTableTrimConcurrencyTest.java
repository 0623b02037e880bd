package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch run trims a speed table while the stream keeps appending panes to it, on Iceberg's JDBC
 * catalog on the machine's PostgreSQL (commits that race are retried by Iceberg): every pane the
 * stream commits stays, every covered one leaves, and neither writer fails.
 */
class SpeedTableTrimConcurrencyTest {
  private static final String SERVER =
      "jdbc:postgresql://127.0.0.1:"
          + System.getenv().getOrDefault("PINPIPE_POSTGRES_PORT", "5432")
          + "/";
  private static final String P0 = InputCoverage.OFFSET + "pinpipe.pin/0";
  private static final int PANES = 60;
  private static final long BOUNDARY = 80; // panes at offsets 2, 4, ... 80 are covered

  @TempDir Path warehouse;
  private String database;
  private Catalog catalog;
  private final LakeTables tables = LakeTables.defaults();

  @BeforeEach
  void catalog() throws Exception {
    database = "pinpipe_trim_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    catalog =
        CatalogConfig.of(
                "pinpipe",
                CatalogConfig.Kind.JDBC,
                warehouse.toUri().toString(),
                SERVER + database,
                Map.of("jdbc.user", "postgres"))
            .connect();
    tables.ensureExist(catalog);
  }

  @AfterEach
  void drop() throws Exception {
    CatalogConfig.close(catalog);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  @Timeout(120)
  void trimsRacingTheStreamsAppendsLoseNoPaneAndKeepNoCoveredOne() throws Exception {
    org.apache.iceberg.Table view = catalog.loadTable(tables.batchView(Table.PIN));
    view.newAppend().set(P0, Long.toString(BOUNDARY)).set(CommitRun.RUN_ID, "batch-1").commit();
    Snapshot batchView = view.currentSnapshot();
    TableIdentifier speed = tables.speedTable(Table.PIN);
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    Thread stream =
        new Thread(
            () -> {
              try {
                for (int pane = 1; pane <= PANES; pane++) {
                  appendPane(catalog.loadTable(speed), pane);
                }
              } catch (Throwable e) {
                failures.add(e);
              }
            },
            "stream");
    stream.start();
    int trims = 0;
    long removed = 0;
    while (stream.isAlive()) {
      removed += SpeedTableTrim.coveredBy(catalog, speed, batchView).files();
      trims++;
    }
    stream.join();
    removed += SpeedTableTrim.coveredBy(catalog, speed, batchView).files();

    assertEquals(List.of(), failures, "the stream's appends all committed");
    assertTrue(trims >= 2, "trims ran while the stream appended: " + trims);
    assertEquals(BOUNDARY / 2, removed, "each covered pane's file removed once");
    org.apache.iceberg.Table table = catalog.loadTable(speed);
    List<String> live = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> live.add(task.file().location()));
    }
    List<String> expected = new ArrayList<>();
    for (int pane = (int) BOUNDARY / 2 + 1; pane <= PANES; pane++) {
      expected.add(file(pane));
    }
    live.sort(null);
    expected.sort(null);
    assertEquals(expected, live, "the panes after the boundary, each once");
    assertEquals(PANES, AppendPanes.committedPanes(table).size(), "every pane in the history");
  }

  private String file(int pane) {
    return warehouse.resolve(String.format("pane-%03d.parquet", pane)).toUri().toString();
  }

  /** One pane commit as the stream makes it: one file, its pane, its last offset. */
  private void appendPane(org.apache.iceberg.Table table, int pane) {
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(table.spec())
                .withPath(file(pane))
                .withFormat("parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .build())
        .set(AppendPanes.PANES, "pin/" + pane + "/0/0")
        .set(P0, Long.toString(2L * pane))
        .commit();
  }
}
