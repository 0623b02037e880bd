package io.pinpipe.pipelines;

import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.IcebergSchemas;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.format.DeadLetterJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** Reads the Iceberg tables a pipeline committed (the current snapshots), for assertions. */
public final class LakeRows {
  private final CatalogConfig catalog;
  private final LakeTables tables = LakeTables.defaults();

  private LakeRows(CatalogConfig catalog) {
    this.catalog = catalog;
  }

  /** The tables of a lake's catalog (default names). */
  public static LakeRows of(CatalogConfig catalog) {
    return new LakeRows(catalog);
  }

  /** The embedded catalog of a run with {@code --output=<root>} and default names. */
  public static LakeRows embedded(Path root) {
    return new LakeRows(
        CatalogConfig.of(
            "pinpipe",
            CatalogConfig.Kind.EMBEDDED,
            root.resolve("warehouse").toAbsolutePath().toUri().toString(),
            null,
            Map.of()));
  }

  /** A batch view's rows as curated JSON Lines, sorted, comparable with the golden files. */
  public List<String> batchView(TableSpec table) {
    return jsonLines(tables.batchView(table), table);
  }

  /** A speed table's rows as curated JSON Lines (without the event time), sorted. */
  public List<String> speedTable(TableSpec table) {
    return jsonLines(tables.speedTable(table), table);
  }

  /**
   * Every pane entry ({@code pinpipe.panes}) of every snapshot in a speed table's history, in
   * commit order: a pane committed twice appears twice.
   */
  public List<String> speedPanes(TableSpec table) {
    return panes(tables.speedTable(table));
  }

  private List<String> panes(org.apache.iceberg.catalog.TableIdentifier id) {
    Catalog opened = catalog.connect();
    try {
      List<String> panes = new ArrayList<>();
      for (org.apache.iceberg.Snapshot snapshot : opened.loadTable(id).snapshots()) {
        String list = snapshot.summary().get(io.pinpipe.iceberg.AppendPanes.PANES);
        if (list != null) {
          panes.addAll(List.of(list.split(",")));
        }
      }
      return panes;
    } finally {
      CatalogConfig.close(opened);
    }
  }

  /**
   * Every pane entry of every snapshot in the dead-letter table's history, in commit order (the
   * speed layer's dead letters; a pane committed twice appears twice).
   */
  public List<String> deadLetterPanes() {
    return panes(tables.deadLetters());
  }

  /**
   * The data files under a table's data folder that no snapshot in its history names: what a killed
   * or failed writer left behind. Empty when the table's file system cannot list.
   */
  public List<String> unnamedDataFiles(TableIdentifier id) {
    Catalog opened = catalog.connect();
    try {
      org.apache.iceberg.Table table = opened.loadTable(id);
      java.util.Set<String> named = new java.util.HashSet<>();
      for (org.apache.iceberg.Snapshot snapshot : table.snapshots()) {
        snapshot.addedDataFiles(table.io()).forEach(f -> named.add(normalise(f.location())));
      }
      List<String> unnamed = new ArrayList<>();
      if (table.io() instanceof org.apache.iceberg.io.SupportsPrefixOperations) {
        try {
          for (org.apache.iceberg.io.FileInfo file :
              ((org.apache.iceberg.io.SupportsPrefixOperations) table.io())
                  .listPrefix(table.location().replaceAll("/+$", "") + "/data/")) {
            if (file.location().endsWith(".parquet")
                && !named.contains(normalise(file.location()))) {
              unnamed.add(file.location());
            }
          }
        } catch (RuntimeException noDataFolderYet) {
          // nothing written
        }
      }
      Collections.sort(unnamed);
      return unnamed;
    } finally {
      CatalogConfig.close(opened);
    }
  }

  private static String normalise(String location) {
    return location.replaceFirst("^file:/+", "file:/");
  }

  /** The summary of the current snapshot of a batch view. */
  public Map<String, String> batchSummary(TableSpec table) {
    Catalog opened = catalog.connect();
    try {
      return opened.loadTable(tables.batchView(table)).currentSnapshot().summary();
    } finally {
      CatalogConfig.close(opened);
    }
  }

  /**
   * Every table of the namespace with its current snapshot id (-1 without one), or an empty map
   * when the namespace does not exist: equal maps before and after a run mean it changed no table.
   */
  public Map<String, Long> currentSnapshots() {
    Catalog opened = catalog.connect();
    try {
      Map<String, Long> current = new java.util.TreeMap<>();
      org.apache.iceberg.catalog.Namespace namespace = tables.batchView(Table.PIN).namespace();
      if (opened instanceof org.apache.iceberg.catalog.SupportsNamespaces
          && !((org.apache.iceberg.catalog.SupportsNamespaces) opened).namespaceExists(namespace)) {
        return current;
      }
      for (org.apache.iceberg.catalog.TableIdentifier id : opened.listTables(namespace)) {
        org.apache.iceberg.Snapshot snapshot = opened.loadTable(id).currentSnapshot();
        current.put(id.toString(), snapshot == null ? -1L : snapshot.snapshotId());
      }
      return current;
    } finally {
      CatalogConfig.close(opened);
    }
  }

  /** The summaries of every snapshot of a speed table, in commit order. */
  public List<Map<String, String>> speedSummaries(TableSpec table) {
    Catalog opened = catalog.connect();
    try {
      List<Map<String, String>> summaries = new ArrayList<>();
      opened
          .loadTable(tables.speedTable(table))
          .snapshots()
          .forEach(s -> summaries.add(s.summary()));
      return summaries;
    } finally {
      CatalogConfig.close(opened);
    }
  }

  /**
   * The dead letters one pipeline committed for one table, in the JSON of cleaning.md §7, sorted.
   */
  public List<String> deadLetters(String pipeline, TableSpec table) {
    List<String> lines = new ArrayList<>();
    for (Record r :
        records(
            tables.deadLetters(),
            Expressions.and(
                Expressions.equal("pipeline", pipeline), Expressions.equal("table", table.id())))) {
      Row row = IcebergSchemas.toRow(r, LakeTables.DEAD_LETTER_ROW);
      lines.add(
          DeadLetterJson.toJson(
              new DeadLetter(
                  row.getString("table"),
                  row.getString("source"),
                  row.getString("payload"),
                  row.getString("error"),
                  row.getString("pipeline"),
                  java.time.Instant.ofEpochMilli(row.getDateTime("failed_at").getMillis())
                      .toString())));
    }
    Collections.sort(lines);
    return lines;
  }

  private List<String> jsonLines(TableIdentifier id, TableSpec table) {
    List<String> lines = new ArrayList<>();
    for (Record r : records(id, Expressions.alwaysTrue())) {
      lines.add(CuratedJson.toJson(IcebergSchemas.toRow(r, table.curatedSchema())));
    }
    Collections.sort(lines);
    return lines;
  }

  private List<Record> records(
      TableIdentifier id, org.apache.iceberg.expressions.Expression filter) {
    Catalog opened = catalog.connect();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(opened.loadTable(id)).where(filter).build()) {
      List<Record> out = new ArrayList<>();
      // where() prunes files; rows are filtered again here because it is not a row-level filter.
      records.forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      CatalogConfig.close(opened);
    }
  }
}
