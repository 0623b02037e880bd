package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.iceberg.AddEventTime;
import io.pinpipe.iceberg.AppendPanes;
import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.iceberg.WriteDataFiles;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.streaming.CurateStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed tables' writer on Flink ({@link WriteDataFiles#perPaneAsRowsArrive}): a pane's rows
 * reach its shard's open file as they arrive, so on a runner that keeps a key on one instance no
 * pane is written again from state when its window fires; copies of a row in different bundles land
 * once; a record late within the allowed lateness is a late pane of its own.
 */
class FlinkPaneFilesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path warehouse;

  private static TimestampedValue<Row> user(long ind, String name, long secondsAfterT0) {
    Row row = Row.withSchema(CuratedSchemas.USER).addValues(ind, name, 30, null).build();
    return TimestampedValue.of(row, T0.plus(Duration.standardSeconds(secondsAfterT0)));
  }

  @Test
  void panesAreWrittenAsTheirRowsArriveAndLateRowsAreALatePane() throws Exception {
    CatalogConfig catalog =
        CatalogConfig.of(
            "test", CatalogConfig.Kind.EMBEDDED, warehouse.toUri().toString(), null, Map.of());
    LakeTables tables = LakeTables.defaults();
    Catalog opened = catalog.connect();
    tables.ensureExist(opened);

    // Window [0 s, 10 s): three bundles, a copy of user 1 in the third, and user 2 changed (a
    // different row of the same key, kept). Window [10 s, 20 s): one row. Then user 9, late.
    TestStream<Row> events =
        TestStream.create(RowCoder.of(CuratedSchemas.USER))
            .addElements(user(1, "a", 1), user(2, "b", 2), user(3, "c", 3))
            .addElements(user(4, "d", 4), user(5, "e", 5))
            .addElements(user(1, "a", 6), user(2, "b2", 7), user(6, "f", 8))
            .addElements(user(7, "g", 12))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(15)))
            .addElements(user(9, "late", 9))
            .advanceWatermarkToInfinity();
    FlinkPipelineOptions options = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    // One subtask per step and a bundle per element, so a record sent after the watermark reaches
    // the writer after it too. (At parallelism 2 it can overtake the other subtask's watermark, and
    // in one bundle with earlier rows it goes on before the watermark: on time at the writer.)
    options.setParallelism(1);
    options.setMaxBundleSize(1L);
    options.setStreaming(true);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Events", events)
        .apply(
            "Windows",
            CurateStream.of(Table.USER, "stream")
                .withWindow(Duration.standardSeconds(10))
                .withAllowedLateness(Duration.standardMinutes(1))
                .<Row>windowing())
        .setRowSchema(CuratedSchemas.USER)
        .apply("AddEventTime", AddEventTime.of(Table.USER))
        .apply(
            "WriteSpeedFiles",
            WriteDataFiles.perPaneAsRowsArrive(
                catalog, tables.speedTable(Table.USER), Table.USER, "user", 2))
        .apply("AppendSpeedPane", AppendPanes.to(catalog, tables.speedTable(Table.USER), "stream"));
    PipelineResult result = pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());

    long fromState = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(
                            WriteDataFiles.class, WriteDataFiles.PANES_FROM_STATE))
                    .build())
            .getCounters()) {
      fromState += counter.getAttempted();
    }
    assertEquals(0, fromState, "every pane's file was the one opened as its rows arrived");

    org.apache.iceberg.Table table = opened.loadTable(tables.speedTable(Table.USER));
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record r : records) {
        rows.add(r.getField("ind") + " " + r.getField("user_name"));
      }
    }
    rows.sort(null);
    assertEquals(
        List.of("1 a", "2 b", "2 b2", "3 c", "4 d", "5 e", "6 f", "7 g", "9 late"),
        rows,
        "each distinct row once");

    // Pane → rows: the on-time panes of both windows, and the late pane of the first.
    Map<String, Long> panes = new TreeMap<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        String name =
            file.location().replaceAll(".*/pane-user-\\d+_(\\d+)-(\\d+)-\\d+-.*", "$1/$2");
        panes.merge(name, file.recordCount(), Long::sum);
      }
    }
    long end0 = T0.plus(Duration.standardSeconds(10)).getMillis();
    long end1 = T0.plus(Duration.standardSeconds(20)).getMillis();
    assertEquals(Map.of(end0 + "/0", 7L, end0 + "/1", 1L, end1 + "/0", 1L), panes);
    CatalogConfig.close(opened);
  }
}
