package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed layer's appends on a real (embedded) catalog, in event time ({@link TestStream}): each
 * fired pane is one snapshot naming its window and pane, and a replay of the same input (a restart
 * from the earliest record) commits nothing twice: the check reads the whole snapshot history.
 */
class AppendPanesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path warehouse;
  private CatalogConfig catalog;
  private final LakeTables tables = LakeTables.defaults();

  @BeforeEach
  void createTables() throws Exception {
    catalog =
        CatalogConfig.of(
            "test", CatalogConfig.Kind.EMBEDDED, warehouse.toUri().toString(), null, Map.of());
    try (CommitRunTest.AutoCloseableCatalog opened =
        new CommitRunTest.AutoCloseableCatalog(catalog.connect())) {
      tables.ensureExist(opened.catalog);
    }
  }

  private static TimestampedValue<Row> user(long ind, long secondsAfterT0) {
    Row row = Row.withSchema(CuratedSchemas.USER).addValues(ind, "User " + ind, 30, null).build();
    return TimestampedValue.of(row, T0.plus(Duration.standardSeconds(secondsAfterT0)));
  }

  /** Two windows, and two late records for the first window, written as the rows arrive. */
  private void runStream() {
    TestStream<Row> events =
        TestStream.create(RowCoder.of(CuratedSchemas.USER))
            .addElements(user(1, 1), user(2, 2), user(3, 12))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(15)))
            .addElements(user(4, 5))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(30)))
            .addElements(user(5, 6))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(45)))
            .advanceWatermarkToInfinity();
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    pipeline
        .apply(events)
        .apply(
            Window.<Row>into(FixedWindows.of(Duration.standardSeconds(10)))
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withLateFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(Duration.standardMinutes(1))
                .discardingFiredPanes())
        .apply(AddEventTime.of(Table.USER))
        .apply(
            WriteDataFiles.perPaneAsRowsArrive(
                catalog, tables.speedTable(Table.USER), Table.USER, "user", 2))
        .apply(
            AppendPanes.to(catalog, tables.speedTable(Table.USER), "stream")
                .resumingWithin(Duration.standardSeconds(15)));
    pipeline.run().waitUntilFinish();
  }

  private List<String> rows() throws Exception {
    try (CommitRunTest.AutoCloseableCatalog opened =
            new CommitRunTest.AutoCloseableCatalog(catalog.connect());
        CloseableIterable<Record> records =
            IcebergGenerics.read(opened.catalog.loadTable(tables.speedTable(Table.USER))).build()) {
      List<String> out = new ArrayList<>();
      for (Record r : records) {
        out.add(r.getField("ind") + "@" + r.getField(LakeTables.EVENT_TIME));
      }
      out.sort(null);
      return out;
    }
  }

  private List<Snapshot> snapshots() throws Exception {
    try (CommitRunTest.AutoCloseableCatalog opened =
        new CommitRunTest.AutoCloseableCatalog(catalog.connect())) {
      List<Snapshot> out = new ArrayList<>();
      opened.catalog.loadTable(tables.speedTable(Table.USER)).snapshots().forEach(out::add);
      return out;
    }
  }

  @Test
  void eachPaneIsAppendedOnceEvenWhenTheWholeStreamIsReplayed() throws Exception {
    runStream();
    List<String> expected =
        List.of(
            "1@2026-12-01T10:00:01Z",
            "2@2026-12-01T10:00:02Z",
            "3@2026-12-01T10:00:12Z",
            "4@2026-12-01T10:00:05Z",
            "5@2026-12-01T10:00:06Z");
    assertEquals(expected, rows(), "every row once, with the event time it was windowed by");
    List<Snapshot> first = snapshots();
    List<String> panes = new ArrayList<>();
    TreeSet<String> windows = new TreeSet<>();
    for (Snapshot s : first) {
      for (String pane : s.summary().get(AppendPanes.PANES).split(",")) {
        panes.add(pane);
        windows.add(pane.split("/")[1]);
      }
    }
    assertEquals(new TreeSet<>(panes).size(), panes.size(), "no pane twice: " + panes);
    assertEquals(2, windows.size(), "both windows committed: " + panes);
    // The late rows are a late pane, or in the on-time pane if they reached the writer before the
    // window fired there (the DirectRunner may hand a key's timer over after its newer rows).
    assertTrue(first.size() >= 2 && first.size() <= 4, first.size() + " snapshots");
    for (Snapshot s : first) {
      // 15 s before the window's end, rounded down to a window start: that window is read whole.
      Instant end = Instant.parse(s.summary().get(AppendPanes.WINDOW_END));
      Instant resume = end.minus(Duration.standardSeconds(20));
      assertEquals(
          resume.toString(), s.summary().get(AppendPanes.RESUME_FROM), s.summary().toString());
    }

    runStream();
    assertEquals(expected, rows(), "a replay adds no row");
    assertEquals(first.size(), snapshots().size(), "a replay commits no pane twice");
  }

  @Test
  void aCommittedFileHandedBackByARestoreIsNotDeleted() throws Exception {
    runStream();
    List<String> expected = rows();
    int before = snapshots().size();
    WrittenFile again;
    try (CommitRunTest.AutoCloseableCatalog opened =
        new CommitRunTest.AutoCloseableCatalog(catalog.connect())) {
      org.apache.iceberg.Table table = opened.catalog.loadTable(tables.speedTable(Table.USER));
      Snapshot first = table.snapshots().iterator().next();
      // What a Flink checkpoint restore replays: the very file an earlier commit holds, its pane.
      again =
          new WrittenFile(
              tables.speedTable(Table.USER).toString(),
              first.summary().get(AppendPanes.PANES).split(",")[0],
              first.addedDataFiles(table.io()).iterator().next());
    }
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    pipeline
        .apply(
            org.apache.beam.sdk.transforms.Create.of(again)
                .withCoder(org.apache.beam.sdk.coders.SerializableCoder.of(WrittenFile.class)))
        .apply(AppendPanes.to(catalog, tables.speedTable(Table.USER), "stream"));
    pipeline.run().waitUntilFinish();
    assertEquals(before, snapshots().size(), "the pane is not committed again");
    assertTrue(
        java.nio.file.Files.exists(
            java.nio.file.Path.of(java.net.URI.create(again.file.location()))),
        "the committed file is kept");
    assertEquals(expected, rows(), "the table still reads every row");
  }
}
