package io.pinpipe.iceberg;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes Beam rows into one new Parquet data file of an Iceberg table (its schema, partition and
 * location rules), and hands back the {@link DataFile} for the committer. The file is invisible to
 * readers until a snapshot names it. A writer given up ({@link #abandon}) deletes its file; one
 * lost with its process leaves an orphan: the batch committer removes its run's ({@link
 * CommitRun}), a speed table's stay until the operator removes orphans.
 */
final class TableFileWriter implements Closeable {
  private final DataWriter<Record> writer;
  private final Schema schema;
  private final FileIO io;
  private final String location;

  /** One record for all rows: the Parquet writer takes each value as the record is written. */
  private final GenericRecord record;

  private org.apache.beam.sdk.schemas.@Nullable Schema rowSchema;
  private int[] fields = new int[0];
  private long rows;

  private TableFileWriter(DataWriter<Record> writer, Schema schema, FileIO io, String location) {
    this.writer = writer;
    this.schema = schema;
    this.io = io;
    this.location = location;
    this.record = GenericRecord.create(schema);
  }

  /** A new file named {@code <prefix>-<uuid>.parquet} in the table's data location. */
  static TableFileWriter open(Table table, String prefix, @Nullable PartitionData partition) {
    return open(table, prefix, partition, Map.of());
  }

  /**
   * The same, with Parquet write properties ({@code write.parquet.*}) used where the table sets
   * none of its own.
   */
  static TableFileWriter open(
      Table table, String prefix, @Nullable PartitionData partition, Map<String, String> defaults) {
    Map<String, String> properties = new HashMap<>(defaults);
    properties.putAll(table.properties());
    String name = prefix + "-" + UUID.randomUUID() + ".parquet";
    PartitionSpec spec = table.spec();
    String location =
        partition == null
            ? table.locationProvider().newDataLocation(name)
            : table.locationProvider().newDataLocation(spec, partition, name);
    OutputFile output = table.io().newOutputFile(location);
    try {
      DataWriter<Record> writer =
          Parquet.writeData(output)
              .forTable(table)
              .setAll(properties)
              .withSpec(spec)
              .withPartition(partition)
              .createWriterFunc(GenericParquetWriter::create)
              .build();
      return new TableFileWriter(writer, table.schema(), table.io(), location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a data file at " + location, e);
    }
  }

  void write(Row row) {
    if (row.getSchema() != rowSchema) {
      rowSchema = row.getSchema();
      fields = IcebergSchemas.fieldIndexes(schema, rowSchema);
    }
    IcebergSchemas.fill(record, row, fields, schema);
    writer.write(record);
    rows++;
  }

  long rows() {
    return rows;
  }

  long length() {
    return writer.length();
  }

  /** Closes the file and describes it for the commit. */
  DataFile finish() {
    close();
    return writer.toDataFile();
  }

  /** Gives the file up: closes it and deletes it, so no orphan is left (best effort). */
  void abandon() {
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      // Being given up: whatever was written is deleted below.
    }
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      // An orphan is invisible to readers; the file simply stays.
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close an Iceberg data file", e);
    }
  }
}
