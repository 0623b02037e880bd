package io.pinpipe.bench;

import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Row counts of the Iceberg tables a run committed in the embedded catalog {@code
 * <output>/warehouse}, from metadata.
 */
final class LakeCounts implements AutoCloseable {
  private final Catalog catalog;
  private final LakeTables tables = LakeTables.defaults();

  private LakeCounts(Catalog catalog) {
    this.catalog = catalog;
  }

  static boolean present(Path output) {
    return java.nio.file.Files.isDirectory(output.resolve("warehouse"));
  }

  static LakeCounts open(Path output) {
    return new LakeCounts(
        CatalogConfig.of(
                "bench",
                CatalogConfig.Kind.EMBEDDED,
                output.resolve("warehouse").toAbsolutePath().toUri().toString(),
                null,
                Map.of())
            .connect());
  }

  /** Rows in the current snapshot of a batch view. */
  long batchRows(Table table) {
    Snapshot current = catalog.loadTable(tables.batchView(table)).currentSnapshot();
    return current == null
        ? 0
        : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
  }

  /** Dead letters {@code clean} committed for a table (its partition of the dead-letter table). */
  long deadLetters(Table table) {
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks =
        catalog
            .loadTable(tables.deadLetters())
            .newScan()
            .filter(
                Expressions.and(
                    Expressions.equal("pipeline", "clean"), Expressions.equal("table", table.id())))
            .planFiles()) {
      for (FileScanTask task : tasks) {
        rows += task.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  @Override
  public void close() {
    CatalogConfig.close(catalog);
  }
}
