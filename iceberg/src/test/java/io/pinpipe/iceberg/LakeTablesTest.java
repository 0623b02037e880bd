package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.Table;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables pinpipe creates, on a real (embedded) catalog. */
class LakeTablesTest {
  @TempDir Path warehouse;
  private final LakeTables tables = LakeTables.defaults();

  private CommitRunTest.AutoCloseableCatalog open() {
    return new CommitRunTest.AutoCloseableCatalog(
        CatalogConfig.of(
                "test", CatalogConfig.Kind.EMBEDDED, warehouse.toUri().toString(), null, Map.of())
            .connect());
  }

  /** One append, as a speed-layer pane commits (a file entry; no data needs to exist). */
  private static void appendOne(org.apache.iceberg.Table table, int i) {
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/pane-" + i + ".parquet")
                .withFileSizeInBytes(1000)
                .withRecordCount(10)
                .withFormat(FileFormat.PARQUET)
                .build())
        .set(AppendPanes.PANES, "pin/" + i + "/0/0")
        .commit();
  }

  private static long metadataFiles(org.apache.iceberg.Table table) throws Exception {
    try (Stream<Path> files =
        Files.list(Path.of(URI.create(table.location())).resolve("metadata"))) {
      return files.filter(f -> f.toString().endsWith(".metadata.json")).count();
    }
  }

  @Test
  void aTableCommittedToOncePerPaneKeepsABoundedNumberOfMetadataFiles() throws Exception {
    try (CommitRunTest.AutoCloseableCatalog opened = open()) {
      tables.ensureExist(opened.catalog);
      TableIdentifier speed = tables.speedTable(Table.PIN);
      for (int i = 0; i < 60; i++) {
        appendOne(opened.catalog.loadTable(speed), i);
      }
      org.apache.iceberg.Table table = opened.catalog.loadTable(speed);
      assertEquals(60, table.currentSnapshot().sequenceNumber(), "every pane committed");
      long kept = metadataFiles(table);
      // The current metadata file and the previous ones the table keeps (20), not one per commit.
      assertTrue(kept <= 21, kept + " metadata files after 60 commits");
    }
  }

  @Test
  void aTableMadeBeforeGetsTheRetentionButKeepsWhatItsOwnerSet() throws Exception {
    try (CommitRunTest.AutoCloseableCatalog opened = open()) {
      TableIdentifier speed = tables.speedTable(Table.GEO);
      // As an earlier version created it, with its owner's own choice of how many to keep.
      tables.ensureExist(opened.catalog);
      opened
          .catalog
          .loadTable(speed)
          .updateProperties()
          .remove(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED)
          .set(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "5")
          .commit();

      tables.ensureExist(opened.catalog);

      Map<String, String> properties = opened.catalog.loadTable(speed).properties();
      assertEquals("true", properties.get(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED));
      assertEquals("5", properties.get(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX));
    }
  }
}
