package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedWatcherTest {
  private static final String WINDOW = "window-20261126T030000Z-20261126T030010Z";

  @TempDir Path output;

  @Test
  void eachProducedRowCountsOnceWithItsFreshness() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    long longAgo = System.currentTimeMillis() - 60_000;
    produced.record(Table.PIN, 3, longAgo);
    produced.record(Table.GEO, 3, longAgo);
    CuratedWatcher watcher = CuratedWatcher.files(output, produced);

    write(
        "curated-stream/pin/" + WINDOW + "/pane-000-part-00000-of-00004.jsonl",
        "{\"ind\":3,\"title\":\"a\"}\n");
    watcher.poll();
    assertEquals(1, watcher.curated());
    long freshness = watcher.freshnessMillis()[0];
    assertTrue(freshness >= 60_000 && freshness < 120_000, "freshness " + freshness);

    // A file read once is not read again; the geo row of the same key is another row.
    write("curated-stream/geo/" + WINDOW + "/pane-000-part-00001-of-00004.jsonl", "{\"ind\":3}\n");
    watcher.poll();
    watcher.poll();
    assertEquals(2, watcher.curated());
    assertEquals(0, watcher.duplicates());
  }

  @Test
  void hiddenTemporaryFilesAndParquetAreNotRead() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    produced.record(Table.USER, 1, System.currentTimeMillis());
    CuratedWatcher watcher = CuratedWatcher.files(output, produced);
    write(
        "curated-stream/user/" + WINDOW + "/.pane-000-part-00000-of-00004.jsonl.1234.tmp",
        "{\"ind\":1}\n");
    write(
        "curated-stream/user/" + WINDOW + "/pane-000-part-00000-of-00004.parquet", "{\"ind\":1}\n");
    watcher.poll();
    assertEquals(0, watcher.curated());
    assertArrayEquals(new long[0], watcher.freshnessMillis());
  }

  @Test
  void duplicatesWarmUpRowsUnknownKeysAndDeadLettersAreCountedApart() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    produced.record(Table.PIN, 1, System.currentTimeMillis());
    CuratedWatcher watcher = CuratedWatcher.files(output, produced);
    write(
        "curated-stream/pin/" + WINDOW + "/pane-000-part-00000-of-00004.jsonl",
        "{\"ind\":1}\n{\"ind\":" + CuratedWatcher.WARM_UP_KEY_BASE + "}\n{\"ind\":7}\n");
    write("curated-stream/pin/" + WINDOW + "/pane-001-part-00000-of-00004.jsonl", "{\"ind\":1}\n");
    write(
        "dead-letter/geo/" + WINDOW + "/pane-000-part-00002-of-00004.jsonl",
        "{\"error\":\"x\"}\n{\"error\":\"y\"}\n");
    watcher.poll();
    assertEquals(1, watcher.curated());
    assertEquals(1, watcher.duplicates());
    assertEquals(1, watcher.warmUpRows());
    assertEquals(1, watcher.unexpectedRows(), "key 7 was never produced");
    assertEquals(2, watcher.deadLetters());
  }

  @Test
  void watchingTheTablesCountsTheRowsOfEachCommittedAppendOnce() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    long longAgo = System.currentTimeMillis() - 60_000;
    produced.record(Table.PIN, 3, longAgo);
    produced.record(Table.PIN, 4, longAgo);
    produced.record(Table.GEO, 3, longAgo);
    CuratedWatcher watcher = CuratedWatcher.tables(output, produced);
    watcher.poll(); // no lake yet: nothing, and no error
    assertEquals(0, watcher.curated());

    Catalog catalog =
        CatalogConfig.of(
                "test",
                CatalogConfig.Kind.EMBEDDED,
                output.resolve("warehouse").toUri().toString(),
                null,
                Map.of())
            .connect();
    LakeTables tables = LakeTables.defaults();
    tables.ensureExist(catalog);
    org.apache.iceberg.Table pin = catalog.loadTable(tables.speedTable(Table.PIN));
    append(pin, null, List.of(3L, 4L));
    watcher.poll();
    assertEquals(2, watcher.curated());
    long freshness = watcher.freshnessMillis()[0];
    assertTrue(freshness >= 60_000 && freshness < 120_000, "freshness " + freshness);

    // Seen once; a later append of the same key is a duplicate; dead letters counted by row.
    org.apache.iceberg.Table geo = catalog.loadTable(tables.speedTable(Table.GEO));
    append(geo, null, List.of(3L, 7L));
    append(pin, null, List.of(4L));
    org.apache.iceberg.Table dead = catalog.loadTable(tables.deadLetters());
    PartitionData partition = new PartitionData(dead.spec().partitionType());
    partition.set(0, "stream");
    partition.set(1, "geo");
    append(dead, partition, List.of(1L, 2L));
    watcher.poll();
    watcher.poll();
    assertEquals(3, watcher.curated());
    assertEquals(1, watcher.duplicates());
    assertEquals(1, watcher.unexpectedRows(), "key 7 was never produced");
    assertEquals(2, watcher.deadLetters());
  }

  /**
   * Commits one data file with a row per key: {@code ind} (and any other required long column) the
   * key, the other required columns a placeholder.
   */
  private static void append(
      org.apache.iceberg.Table table, PartitionData partition, List<Long> keys) throws IOException {
    DataWriter<Record> writer =
        Parquet.writeData(
                table
                    .io()
                    .newOutputFile(table.location() + "/data/" + UUID.randomUUID() + ".parquet"))
            .forTable(table)
            .withSpec(table.spec())
            .withPartition(partition)
            .createWriterFunc(GenericParquetWriter::create)
            .build();
    try (writer) {
      for (long key : keys) {
        GenericRecord record = GenericRecord.create(table.schema());
        for (Types.NestedField column : table.schema().columns()) {
          if (column.isOptional() && !column.name().equals("ind")) {
            continue;
          }
          Object value;
          switch (column.type().typeId()) {
            case LONG:
              value = key;
              break;
            case INTEGER:
              value = 0;
              break;
            case DOUBLE:
              value = 0.0;
              break;
            case TIMESTAMP:
              value = OffsetDateTime.now(ZoneOffset.UTC);
              break;
            default:
              value = partition != null && column.name().equals("pipeline") ? "stream" : "geo";
          }
          record.setField(column.name(), value);
        }
        writer.write(record);
      }
    }
    table.newAppend().appendFile(writer.toDataFile()).commit();
  }

  private void write(String relative, String content) throws IOException {
    Path file = output.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
