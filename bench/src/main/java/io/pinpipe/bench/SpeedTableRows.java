package io.pinpipe.bench;

import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * The rows a {@code stream} run committed to its speed tables and dead-letter table (the embedded
 * catalog under {@code <output>/warehouse}), as they become visible to readers: each call reads the
 * data files of the appends committed since the last call. Only appends: the speed layer adds rows
 * by appending, so a later snapshot of another kind (a trim) adds none to be seen.
 */
final class SpeedTableRows {
  /** Receives the key ({@code ind}) of each row of a newly committed speed-table file. */
  interface Keys {
    void row(Table table, long key);
  }

  private final Path warehouse;
  private final LakeTables tables = LakeTables.defaults();
  private final Map<TableIdentifier, org.apache.iceberg.Table> loaded = new HashMap<>();
  private final Set<Long> seenSnapshots = new HashSet<>();
  private Catalog catalog;

  SpeedTableRows(Path output) {
    this.warehouse = output.resolve("warehouse");
  }

  /**
   * Hands every row of the speed-table appends committed since the last call to {@code keys}, and
   * returns how many dead letters were appended in that time.
   */
  long poll(Keys keys) {
    if (catalog == null) {
      if (!Files.isDirectory(warehouse)) {
        return 0;
      }
      catalog =
          CatalogConfig.of(
                  "bench",
                  CatalogConfig.Kind.EMBEDDED,
                  warehouse.toAbsolutePath().toUri().toString(),
                  null,
                  Map.of())
              .connect();
    }
    for (Table table : Table.values()) {
      org.apache.iceberg.Table speed = table(tables.speedTable(table));
      if (speed == null) {
        continue;
      }
      Schema key = speed.schema().select(TableSpec.KEY_COLUMN);
      for (DataFile file : newlyAppended(speed)) {
        try (CloseableIterable<Record> rows =
            Parquet.read(speed.io().newInputFile(file.location()))
                .project(key)
                .createReaderFunc(schema -> GenericParquetReaders.buildReader(key, schema))
                .build()) {
          for (Record row : rows) {
            keys.row(table, (Long) row.getField(TableSpec.KEY_COLUMN));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + file.location(), e);
        }
      }
    }
    long deadLetters = 0;
    org.apache.iceberg.Table dead = table(tables.deadLetters());
    if (dead != null) {
      for (DataFile file : newlyAppended(dead)) {
        deadLetters += file.recordCount();
      }
    }
    return deadLetters;
  }

  private org.apache.iceberg.Table table(TableIdentifier id) {
    org.apache.iceberg.Table table = loaded.get(id);
    if (table == null) {
      if (!catalog.tableExists(id)) {
        return null;
      }
      table = catalog.loadTable(id);
      loaded.put(id, table);
    } else {
      table.refresh();
    }
    return table;
  }

  /** The data files of the table's appends not seen before, oldest commit first. */
  private List<DataFile> newlyAppended(org.apache.iceberg.Table table) {
    List<Snapshot> appends = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (seenSnapshots.add(snapshot.snapshotId())
          && DataOperations.APPEND.equals(snapshot.operation())) {
        appends.add(snapshot);
      }
    }
    appends.sort(Comparator.comparingLong(Snapshot::sequenceNumber));
    List<DataFile> files = new ArrayList<>();
    for (Snapshot append : appends) {
      append.addedDataFiles(table.io()).forEach(files::add);
    }
    return files;
  }
}
