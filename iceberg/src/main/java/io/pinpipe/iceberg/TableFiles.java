package io.pinpipe.iceberg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * The data files of a snapshot and the records of one file: what every reader of the tables ({@link
 * ReadTable} in a pipeline, the serving layer in a server) plans and reads the same way. pinpipe
 * writes no delete files; a snapshot with some (written by another engine) is refused rather than
 * read wrong.
 */
public final class TableFiles {
  private TableFiles() {}

  /** The data files of {@code table} at {@code snapshotId}. */
  public static List<String> plan(Table table, long snapshotId) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(
              table.name()
                  + " snapshot "
                  + snapshotId
                  + " has delete files, which pinpipe does not read");
        }
        files.add(task.file().location());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot plan the files of " + table.name(), e);
    }
    return files;
  }

  /**
   * The records of one Parquet data file of {@code table}, with the columns of {@code projection}.
   */
  public static CloseableIterable<Record> records(Table table, String location, Schema projection) {
    return Parquet.read(table.io().newInputFile(location))
        .project(projection)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
        .build();
  }
}
