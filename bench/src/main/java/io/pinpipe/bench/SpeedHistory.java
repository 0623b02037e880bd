package io.pinpipe.bench;

import io.pinpipe.iceberg.AppendPanes;
import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.CommitRun;
import io.pinpipe.iceberg.InputCoverage;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.iceberg.SpeedTableTrim;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code pinpipe-bench history}: what a long-running speed layer does to its speed table. N pane
 * commits, each the commit {@link AppendPanes} makes (load the table, read the panes of its
 * history, append one file per shard with the pane's summary), to a speed table of a fresh embedded
 * catalog, twice in one invocation:
 *
 * <ul>
 *   <li><b>before</b>: the table as pinpipe created it until 2026-12-07 (Iceberg's defaults: every
 *       metadata file kept) and nothing that ever removes a pane;
 *   <li><b>now</b>: the table as {@link LakeTables} creates it, and a batch run every {@code
 *       batchEvery} commits whose view covers every pane but the last ten, after which the speed
 *       table hands over ({@link SpeedTableTrim}, commits expired at once instead of after an hour:
 *       the state of a job that has run for days, less the hour).
 * </ul>
 *
 * Every {@code every} commits (before a hand-over due then) it prints, per setup: the mean commit
 * time of the last 100 commits, the current metadata file's size (the one every reader and
 * committer reads), the metadata files kept and their size, and the snapshots in the history. Panes
 * are 60 s windows with a 10 min de-duplication horizon, two shards each.
 */
public final class SpeedHistory {
  private static final String OFFSET = InputCoverage.OFFSET + "pinpipe.pin/0";
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final int SHARDS = 2;

  private SpeedHistory() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(args, List.of("commits", "every", "batchEvery", "work"));
    int commits = Integer.parseInt(options.getOrDefault("commits", "3000"));
    int every = Integer.parseInt(options.getOrDefault("every", "500"));
    int batchEvery = Integer.parseInt(options.getOrDefault("batchEvery", "500"));
    Path work = Path.of(options.getOrDefault("work", "target/bench/out/history"));
    GenerateLandingZone.deleteRecursively(work);
    List<String> lines = new ArrayList<>();
    lines.addAll(run("before", work.resolve("before"), commits, every, 0));
    lines.addAll(run("now", work.resolve("now"), commits, every, batchEvery));
    System.out.println(
        "commits  setup     commit ms  current metadata KiB  metadata files  all metadata MiB  snapshots");
    lines.stream().sorted().forEach(System.out::println);
    GenerateLandingZone.deleteRecursively(work);
  }

  /** One setup's commits; its report lines, sortable by commit count. */
  private static List<String> run(
      String setup, Path warehouse, int commits, int every, int batchEvery) throws IOException {
    Files.createDirectories(warehouse);
    Catalog catalog =
        CatalogConfig.of(
                "bench", CatalogConfig.Kind.EMBEDDED, warehouse.toUri().toString(), null, Map.of())
            .connect();
    LakeTables tables = LakeTables.defaults();
    TableIdentifier speed = tables.speedTable(Table.PIN);
    tables.ensureExist(catalog);
    if (batchEvery == 0) {
      // As earlier versions made it: Iceberg's defaults for metadata files.
      org.apache.iceberg.Table table = catalog.loadTable(speed);
      table
          .updateProperties()
          .remove(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED)
          .remove(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX)
          .commit();
    }
    List<String> lines = new ArrayList<>();
    long[] recent = new long[100];
    for (int pane = 1; pane <= commits; pane++) {
      long start = System.nanoTime();
      commitPane(catalog.loadTable(speed), pane);
      recent[pane % recent.length] = System.nanoTime() - start;
      if (pane % every == 0) {
        // Before a hand-over due at the same commit: the most the history holds.
        lines.add(report(setup, pane, recent, catalog.loadTable(speed)));
      }
      if (batchEvery > 0 && pane % batchEvery == 0 && pane > 10) {
        handOver(catalog, tables, speed, pane - 10);
      }
    }
    CatalogConfig.close(catalog);
    return lines;
  }

  /** What AppendPanes does for one pane of {@link #SHARDS} files. */
  private static void commitPane(org.apache.iceberg.Table table, int pane) {
    String name0 = "pin/" + T0.plus(Duration.ofMinutes(pane - 1)) + "_";
    if (AppendPanes.committedPanes(table).stream().anyMatch(p -> p.startsWith(name0))) {
      throw new IllegalStateException("pane " + pane + " committed twice");
    }
    Instant end = T0.plus(Duration.ofMinutes(pane));
    AppendFiles append = table.newAppend();
    List<String> names = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      String name = "pin/" + end.minusSeconds(60) + "_" + end + "/0/" + shard;
      names.add(name);
      append.appendFile(
          DataFiles.builder(PartitionSpec.unpartitioned())
              .withPath(table.location() + "/data/pane-" + pane + "-" + shard + ".parquet")
              .withFileSizeInBytes(20_000)
              .withRecordCount(500)
              .withFormat(FileFormat.PARQUET)
              .build());
    }
    append
        .set(AppendPanes.PANES, String.join(",", names))
        .set(OFFSET, Long.toString(1000L * pane))
        .set(AppendPanes.WINDOW_START, end.minusSeconds(60).toString())
        .set(AppendPanes.WINDOW_END, end.toString())
        .set(AppendPanes.RESUME_FROM, end.minus(Duration.ofMinutes(11)).toString())
        .set(CommitRun.PIPELINE, "stream")
        .set(AppendPanes.ROWS, Long.toString(SHARDS * 500L))
        .commit();
  }

  /** A batch run whose view covers the panes up to {@code coveredPane}, then the hand-over. */
  private static void handOver(
      Catalog catalog, LakeTables tables, TableIdentifier speed, int coveredPane) {
    org.apache.iceberg.Table view = catalog.loadTable(tables.batchView(Table.PIN));
    view.newAppend()
        .set(OFFSET, Long.toString(1000L * coveredPane))
        .set(CommitRun.RUN_ID, "batch-" + coveredPane)
        .commit();
    SpeedTableTrim.coveredBy(catalog, speed, view.currentSnapshot(), Duration.ZERO);
  }

  private static String report(
      String setup, int commits, long[] recent, org.apache.iceberg.Table table) throws IOException {
    double meanMs = 0;
    for (long nanos : recent) {
      meanMs += nanos / 1e6 / recent.length;
    }
    long files = 0;
    long bytes = 0;
    Path metadata = Path.of(URI.create(table.location())).resolve("metadata");
    try (Stream<Path> list = Files.list(metadata)) {
      for (Path file : list.filter(f -> f.toString().endsWith(".metadata.json")).toList()) {
        files++;
        bytes += Files.size(file);
      }
    }
    String current = ((HasTableOperations) table).operations().current().metadataFileLocation();
    long newest = Files.size(Path.of(URI.create(current)));
    int snapshots = 0;
    for (org.apache.iceberg.Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    return String.format(
        Locale.ROOT,
        "%,7d  %-6s  %10.1f  %20d  %14d  %16.1f  %9d",
        commits,
        setup,
        meanMs,
        newest / 1024,
        files,
        bytes / 1024.0 / 1024.0,
        snapshots);
  }
}
