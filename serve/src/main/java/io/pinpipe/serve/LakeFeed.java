package io.pinpipe.serve;

import io.pinpipe.iceberg.BatchViews;
import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.iceberg.SpeedIncrement;
import io.pinpipe.iceberg.TableFiles;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What the serving layer reads of the lake, through the catalog: which batch views to answer from
 * ({@link BatchViews}, the newest run that committed every table), their rows, and the speed
 * tables' data files after those views' boundary ({@link SpeedIncrement}). One catalog connection,
 * opened again after a failure.
 */
final class LakeFeed implements AutoCloseable {
  private final CatalogConfig config;
  private final LakeTables tables;
  private Catalog catalog;

  LakeFeed(CatalogConfig config, LakeTables tables) {
    this.config = config;
    this.tables = tables;
  }

  LakeTables tables() {
    return tables;
  }

  /** The snapshots of the newest run that committed every batch view. */
  Map<Table, Snapshot> batchViews() {
    return BatchViews.select(catalog(), tables, null, null);
  }

  /** Every row of the batch views into a new view, sealed. */
  MergedView load(Map<Table, Snapshot> views) {
    MergedView view = new MergedView();
    for (Table table : Table.POSTING_EVENT) {
      org.apache.iceberg.Table loaded = catalog().loadTable(tables.batchView(table));
      for (String file : TableFiles.plan(loaded, views.get(table).snapshotId())) {
        read(loaded, table, file, record -> view.batchRow(table, record));
      }
    }
    view.sealBatch();
    return view;
  }

  /** The speed table's panes after {@code batchView}'s boundary. */
  SpeedIncrement speedAfter(Table table, Snapshot batchView) {
    return SpeedIncrement.after(catalog(), tables.speedTable(table), batchView);
  }

  /** The speed table's panes committed since {@code previous} ({@link SpeedIncrement#next}). */
  SpeedIncrement speedNext(Table table, Snapshot batchView, SpeedIncrement previous) {
    return SpeedIncrement.next(catalog(), tables.speedTable(table), batchView, previous);
  }

  /** The speed table, loaded once for the files of one step ({@link #speedFile}). */
  org.apache.iceberg.Table loadSpeedTable(Table table) {
    return catalog().loadTable(tables.speedTable(table));
  }

  /**
   * Every record of one data file of {@code loaded}, read whole before any is used: a file is taken
   * all or not at all.
   */
  static List<Record> speedFile(org.apache.iceberg.Table loaded, Table table, String file) {
    List<Record> records = new ArrayList<>();
    read(loaded, table, file, record -> records.add(record.copy()));
    return records;
  }

  TableIdentifier speedTable(Table table) {
    return tables.speedTable(table);
  }

  TableIdentifier batchView(Table table) {
    return tables.batchView(table);
  }

  /** Forgets the connection, so the next call opens a new one (after the catalog failed). */
  void reset() {
    CatalogConfig.close(catalog);
    catalog = null;
  }

  @Override
  public void close() {
    reset();
  }

  private Catalog catalog() {
    if (catalog == null) {
      catalog = config.connect();
    }
    return catalog;
  }

  private static void read(
      org.apache.iceberg.Table table, Table kind, String file, Consumer<Record> each) {
    Schema projection = table.schema().select(RowFacts.columns(kind));
    try (CloseableIterable<Record> records = TableFiles.records(table, file, projection)) {
      records.forEach(each);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
