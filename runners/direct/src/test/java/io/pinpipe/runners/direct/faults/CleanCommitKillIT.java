package io.pinpipe.runners.direct.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code clean} while it commits its Iceberg tables: a JDBC catalog on
 * PostgreSQL, the warehouse on our own S3Proxy. A good run first (snapshot A of every table); then
 * a run over more input, killed the moment the catalog shows its first table commit, while the
 * others are still to come. Every table it had not committed is still at snapshot A with A's rows;
 * every table it had committed holds that run complete. The rerun then brings every table to the
 * new input, each run once in each history, and removes the data files the killed run left that no
 * snapshot names.
 */
class CleanCommitKillIT {
  private static final int FIRST = 300;
  private static final int SECOND = 1000;
  private static final String MALFORMED = "not json: dead-lettered";

  @TempDir Path work;

  /** A private S3Proxy, so stopping it never touches the shared one. */
  @RegisterExtension static final Extension S3 = PrivateStack.forTheClass("s3");

  @Test
  @Timeout(360)
  void killedWhileCommittingLeavesEveryTableAtThePreviousSnapshotOrTheWholeRunAndTheRerunCompletes()
      throws Exception {
    try (JdbcLake lake = JdbcLake.create("kill-clean")) {
      Path landingA = landing("landing-a", FIRST, List.of("user"));
      Path landingB = landing("landing-b", SECOND, List.of("pin", "geo", "user"));
      LakeRows rows = lake.rows();

      long started = System.nanoTime();
      assertEquals(
          0,
          JarProcess.run(work, "clean-a", Duration.ofMinutes(3), clean(lake, landingA)),
          "the good run");
      System.out.printf("kill -9 of clean: the good run took %d s%n", seconds(started));
      Map<TableIdentifier, JdbcLake.TableState> atA = lake.states();
      Map<TableIdentifier, List<String>> rowsAtA = contents(rows);
      for (Table table : Table.values()) {
        assertEquals(golden(table, FIRST), rows.batchView(table), table + " after the good run");
      }
      Map<String, String> pointersAtA = lake.metadataPointers();

      // The kill: as soon as one table's catalog pointer moves, while the others are still to
      // commit.
      started = System.nanoTime();
      JarProcess killed = JarProcess.start(work, "clean-b", clean(lake, landingB));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      Map<String, String> seen = pointersAtA;
      while (seen.equals(pointersAtA) && killed.process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(2);
        seen = lake.metadataPointers();
      }
      assertTrue(
          killed.process.isAlive(),
          "the run was still committing when killed:\n" + tail(killed.output()));
      killed.kill9();
      System.out.printf(
          "kill -9 of clean: killed %d s after the start, at its first commit%n", seconds(started));
      long leftInStore = lake.dataFilesInStore();

      Map<TableIdentifier, JdbcLake.TableState> afterKill = lake.states();
      List<TableIdentifier> committed = new ArrayList<>();
      List<TableIdentifier> previous = new ArrayList<>();
      String killedRun = null;
      for (TableIdentifier id : JdbcLake.batchTables()) {
        JdbcLake.TableState state = afterKill.get(id);
        if (state.current == atA.get(id).current) {
          previous.add(id);
          assertEquals(
              rowsAtA.get(id),
              contents(rows, id),
              id + ": not committed by the killed run, so still A's rows");
        } else {
          committed.add(id);
          assertTrue(
              killedRun == null || killedRun.equals(state.currentRun),
              "one killed run: " + afterKill);
          killedRun = state.currentRun;
          assertEquals(
              atA.get(id).runs.size() + 1,
              state.runs.size(),
              id + ": one snapshot more, the killed run's: " + state);
          assertEquals(
              expected(id, SECOND, 3),
              contents(rows, id),
              id + ": committed by the killed run, so all of it");
        }
      }
      assertTrue(!committed.isEmpty(), "the kill came after the first commit: " + afterKill);
      // A reader (analytics) takes the newest run every batch view holds: run A unless all three
      // views committed.
      org.apache.iceberg.catalog.Catalog opened = lake.catalog.connect();
      try {
        var read = io.pinpipe.iceberg.BatchViews.select(opened, JdbcLake.TABLES, null, null);
        boolean viewsAllCommitted = true;
        for (Table table : Table.values()) {
          viewsAllCommitted &= committed.contains(JdbcLake.TABLES.batchView(table));
        }
        for (Table table : Table.values()) {
          var state = (viewsAllCommitted ? afterKill : atA).get(JdbcLake.TABLES.batchView(table));
          assertEquals(
              state.current,
              read.get(table).snapshotId(),
              table
                  + ": readers of the batch views answer from "
                  + (viewsAllCommitted ? "the killed run" : "snapshot A"));
        }
      } finally {
        io.pinpipe.iceberg.CatalogConfig.close(opened);
      }
      assertTrue(
          !previous.isEmpty(),
          "the kill came before the last commit (it raced past every commit): " + afterKill);
      Map<TableIdentifier, JdbcLake.Unreferenced> leftByKill = lake.unreferenced();
      int orphansAfterKill = 0;
      for (TableIdentifier id : previous) {
        orphansAfterKill += leftByKill.get(id).dataFiles.size();
      }
      assertTrue(
          orphansAfterKill > 0,
          "the killed run had written data files for the tables it did not commit");
      System.out.printf(
          "kill -9 of clean: committed %s, still at A %s; %d batch files in the store, %d data files no snapshot names%n",
          committed, previous, leftInStore, orphansAfterKill);

      // The rerun over the same input: every table at the new input, whatever the killed run did.
      started = System.nanoTime();
      assertEquals(
          0,
          JarProcess.run(work, "clean-c", Duration.ofMinutes(3), clean(lake, landingB)),
          "the rerun");
      System.out.printf("kill -9 of clean: the rerun took %d s%n", seconds(started));
      Map<TableIdentifier, JdbcLake.TableState> afterRerun = lake.states();
      String rerun = afterRerun.get(JdbcLake.batchTables().get(0)).currentRun;
      assertNotEquals(killedRun, rerun, "the rerun is a run of its own");
      long curated = 0;
      long deadLettered = 0;
      long metadataLeft = 0;
      Map<TableIdentifier, JdbcLake.Unreferenced> leftAfterRerun = lake.unreferenced();
      for (TableIdentifier id : JdbcLake.batchTables()) {
        JdbcLake.TableState state = afterRerun.get(id);
        assertEquals(rerun, state.currentRun, id + ": at the rerun");
        assertEquals(
            atA.get(id).runs.size() + (committed.contains(id) ? 2 : 1),
            state.runs.size(),
            id + ": " + state);
        assertEquals(
            state.runs.size(),
            new java.util.HashSet<>(state.runs).size(),
            id + ": each run once in the history: " + state.runs);
        List<String> now = contents(rows, id);
        assertEquals(expected(id, SECOND, 3), now, id + ": the rerun's rows");
        if (id.equals(JdbcLake.TABLES.deadLetters())) {
          deadLettered += now.size();
        } else {
          curated += now.size();
        }
        assertEquals(
            List.of(),
            leftAfterRerun.get(id).dataFiles,
            id + ": the killed run's data files are removed");
        metadataLeft += leftAfterRerun.get(id).metadataFiles.size();
      }
      long read = 3L * SECOND + 3;
      assertEquals(read, curated + deadLettered, "read = curated + dead-lettered");
      System.out.printf(
          "kill -9 of clean: rerun %s removed %d orphan data files; %d metadata files of the killed commit"
              + " no snapshot names (Iceberg's DeleteOrphanFiles removes those)%n",
          rerun, orphansAfterKill, metadataLeft);
      Reconciliation.printTables(
          "clean-kill9/iceberg",
          read,
          curated,
          deadLettered,
          String.format(
              "committed-before-kill=%d at-previous-snapshot=%d orphans-removed=%d",
              committed.size(), previous.size(), orphansAfterKill));
    }
  }

  private List<String> clean(JdbcLake lake, Path landing) {
    return clean(work, lake, landing);
  }

  static List<String> clean(Path work, JdbcLake lake, Path landing) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "clean", "--source=raw", "--input=" + landing, "--output=" + work.resolve("out")));
    args.addAll(lake.options());
    return args;
  }

  /**
   * The first {@code rows} real rows of each table, with a malformed record in each of {@code
   * malformedIn}.
   */
  private Path landing(String name, int rows, List<String> malformedIn) throws Exception {
    return landing(work.resolve(name), rows, malformedIn);
  }

  static Path landing(Path root, int rows, List<String> malformedIn) throws Exception {
    for (Table table : Table.values()) {
      List<String> lines = new ArrayList<>(RealRows.lines(table.id()).subList(0, rows));
      if (malformedIn.contains(table.id())) {
        lines.add(rows / 2, MALFORMED);
      }
      LandingZone.write(root, "pinpipe." + table.id(), lines, 500);
    }
    return root;
  }

  static Map<TableIdentifier, List<String>> contents(LakeRows rows) {
    Map<TableIdentifier, List<String>> all = new LinkedHashMap<>();
    for (TableIdentifier id : JdbcLake.batchTables()) {
      all.put(id, contents(rows, id));
    }
    return all;
  }

  /** A batch view's rows, or the dead letters of clean for every table (their payloads, sorted). */
  static List<String> contents(LakeRows rows, TableIdentifier id) {
    for (Table table : Table.values()) {
      if (id.equals(JdbcLake.TABLES.batchView(table))) {
        return rows.batchView(table);
      }
    }
    List<String> payloads = new ArrayList<>();
    for (Table table : Table.values()) {
      for (String letter : rows.deadLetters("clean", table)) {
        payloads.add(table.id() + ":" + payloadOf(letter));
      }
    }
    Collections.sort(payloads);
    return payloads;
  }

  /**
   * What {@link #contents} holds for a complete run over {@code rows} rows (at most all real rows)
   * with a malformed record in {@code malformed} tables.
   */
  static List<String> expected(TableIdentifier id, int rows, int malformed) throws Exception {
    for (Table table : Table.values()) {
      if (id.equals(JdbcLake.TABLES.batchView(table))) {
        return golden(table, rows);
      }
    }
    List<String> payloads = new ArrayList<>();
    List<String> tables = List.of("geo", "pin", "user");
    for (String table : tables.subList(tables.size() - malformed, tables.size())) {
      payloads.add(table + ":" + MALFORMED);
    }
    Collections.sort(payloads);
    return payloads;
  }

  private static String payloadOf(String deadLetterJson) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(deadLetterJson)
          .get("payload")
          .asText();
    } catch (Exception e) {
      throw new IllegalStateException(deadLetterJson, e);
    }
  }

  static List<String> golden(Table table, int rows) throws Exception {
    List<String> all = CrashRestartIT.golden(table.id());
    List<String> lines = new ArrayList<>(all.subList(0, Math.min(rows, all.size())));
    Collections.sort(lines);
    return lines;
  }

  static long seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000_000L;
  }

  static String tail(String text) {
    return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
  }
}
