package io.pinpipe.iceberg;

import io.pinpipe.transforms.DirectRunnerBundles;
import io.pinpipe.transforms.DistinctInGroups;
import io.pinpipe.transforms.GroupByShard;
import io.pinpipe.transforms.model.TableSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The parallel half of an Iceberg write: workers turn rows into Parquet data files of one table and
 * pass the files on, as {@link WrittenFile}s, to that table's single committer ({@link CommitRun}
 * for a batch run, {@link AppendPanes} for the speed layer). Nothing written here is visible until
 * it is committed.
 */
public final class WriteDataFiles {
  /** A file is closed and a new one begun once it holds this many bytes. */
  static final long TARGET_FILE_BYTES = 256L << 20;

  /** Names of batch writers' files begin with this; the orphan clean-up touches no other. */
  static final String BATCH_PREFIX = "batch";

  private WriteDataFiles() {}

  /**
   * Batch: one file (or more, past {@link #TARGET_FILE_BYTES}) per bundle of rows, so the number of
   * files follows the runner's parallelism and bundling, with no shuffle of its own (Flink and
   * Spark run a batch step's whole partition as one bundle). The DirectRunner is the exception:
   * after a GroupByKey it hands rows on in bundles as small as one key's, which would make a file
   * per key, so there the rows are grouped into one group per core and each group written as one
   * file.
   */
  public static PTransform<PCollection<Row>, PCollection<WrittenFile>> inBundles(
      CatalogConfig catalog, TableIdentifier table, @Nullable List<Object> partition) {
    return new PTransform<PCollection<Row>, PCollection<WrittenFile>>() {
      @Override
      public PCollection<WrittenFile> expand(PCollection<Row> rows) {
        if (DirectRunnerBundles.isDirect(rows.getPipeline().getOptions())) {
          int groups = DirectRunnerBundles.groups();
          return rows.apply(
                  "OneGroupPerCore",
                  WithKeys.of((Row row) -> Math.floorMod(row.hashCode(), groups))
                      .withKeyType(TypeDescriptors.integers()))
              .setCoder(KvCoder.of(VarIntCoder.of(), rows.getCoder()))
              .apply("GroupRows", GroupByKey.create())
              .apply(
                  "WriteGroupFiles",
                  ParDo.of(new GroupFilesFn(catalog, table.toString(), partition)))
              .setCoder(SerializableCoder.of(WrittenFile.class));
        }
        return rows.apply(
                "WriteFiles", ParDo.of(new BundleFilesFn(catalog, table.toString(), partition)))
            .setCoder(SerializableCoder.of(WrittenFile.class));
      }
    };
  }

  /**
   * Streaming: one file per window pane and shard group, named by them in {@link WrittenFile#pane}
   * under {@code scope} (what wrote it, e.g. the source table of a dead letter), so the committer
   * can tell a pane it already committed when a restart fires it again.
   */
  public static PTransform<PCollection<KV<Integer, Iterable<Row>>>, PCollection<WrittenFile>>
      perPane(
          CatalogConfig catalog,
          TableIdentifier table,
          String scope,
          @Nullable List<Object> partition) {
    return new PTransform<PCollection<KV<Integer, Iterable<Row>>>, PCollection<WrittenFile>>() {
      @Override
      public PCollection<WrittenFile> expand(PCollection<KV<Integer, Iterable<Row>>> groups) {
        return groups
            .apply(
                "WritePaneFiles",
                ParDo.of(new PaneFilesFn(catalog, table.toString(), scope, partition)))
            .setCoder(SerializableCoder.of(WrittenFile.class));
      }
    };
  }

  /**
   * Streaming, the speed tables' way: the rows of each window pane are written to their shard's
   * data file as they arrive, so that when the window fires its files are all but written and only
   * closed. Rows are grouped into {@code shards} by key ({@link GroupByShard}), distinct within a
   * pane ({@link DistinctInGroups.Seen}), and named like {@link #perPane}'s files: one file per
   * shard for the on-time pane, one per shard and late batch for late panes.
   *
   * <p>The pane's rows are also kept in state, so the open file is only a head start: after a
   * restore, or where a runner hands a key's rows to another instance of the step (the
   * DirectRunner), the pane is written from state when it fires ({@link #PANES_FROM_STATE} counts
   * those). An abandoned file is deleted; none is visible before its commit ({@link AppendPanes}).
   */
  public static PTransform<PCollection<Row>, PCollection<WrittenFile>> perPaneAsRowsArrive(
      CatalogConfig catalog, TableIdentifier table, TableSpec spec, String scope, int shards) {
    return new PTransform<PCollection<Row>, PCollection<WrittenFile>>() {
      @Override
      public PCollection<WrittenFile> expand(PCollection<Row> rows) {
        Schema rowSchema = rows.getSchema();
        return rows.apply("BatchByShard", GroupByShard.of(rowSchema, shards).batchesByShard())
            .apply(
                "WriteAsRowsArrive",
                ParDo.of(
                    new PaneAsRowsArriveFn(
                        catalog, table.toString(), scope, spec.curatedSchema(), rowSchema)))
            .setCoder(SerializableCoder.of(WrittenFile.class));
      }
    };
  }

  /**
   * Parquet encodes and compresses a column's values when its page is full, which at Iceberg's
   * 20,000 rows per page is when a speed pane's file is closed: small pages spread that work over
   * the window too.
   */
  static final Map<String, String> ENCODE_AS_ROWS_ARRIVE =
      Map.of(TableProperties.PARQUET_PAGE_ROW_LIMIT, "1000");

  /** Metric: panes written from state when they fired, not from the file opened as rows arrived. */
  public static final String PANES_FROM_STATE = "panesWrittenFromState";

  /** The window and pane of a speed-layer file: {@code <start>_<end>/<pane index>/<shard>}. */
  static String paneName(BoundedWindow window, PaneInfo pane, int shard) {
    return paneName(window, pane.getIndex(), shard);
  }

  private static String paneName(BoundedWindow window, long paneIndex, int shard) {
    String span =
        window instanceof IntervalWindow
            ? ((IntervalWindow) window).start().getMillis()
                + "_"
                + ((IntervalWindow) window).end().getMillis()
            : "global";
    return span + "/" + paneIndex + "/" + shard;
  }

  /** Opens the catalog and the table once per DoFn instance. */
  private abstract static class TableFn<InT> extends DoFn<InT, WrittenFile> {
    private final CatalogConfig catalogConfig;
    final String tableName;
    private final @Nullable List<Object> partitionValues;
    private transient Catalog catalog;
    transient Table table;
    transient @Nullable PartitionData partition;

    TableFn(CatalogConfig catalogConfig, String tableName, @Nullable List<Object> partitionValues) {
      this.catalogConfig = catalogConfig;
      this.tableName = tableName;
      this.partitionValues = partitionValues == null ? null : new ArrayList<>(partitionValues);
    }

    @Setup
    public void setup() {
      catalog = catalogConfig.connect();
      table = catalog.loadTable(TableIdentifier.parse(tableName));
      if (partitionValues != null) {
        partition = new PartitionData(table.spec().partitionType());
        for (int i = 0; i < partitionValues.size(); i++) {
          partition.set(i, partitionValues.get(i));
        }
      }
    }

    @Teardown
    public void teardown() {
      CatalogConfig.close(catalog);
    }
  }

  /**
   * A batch writer's current data file: rows go into it until it passes {@link #TARGET_FILE_BYTES},
   * then it is finished and the next row begins a new one.
   */
  private static final class RollingFiles {
    private final TableFn<?> fn;
    private @Nullable TableFileWriter writer;

    RollingFiles(TableFn<?> fn) {
      this.fn = fn;
    }

    /** Writes {@code row}; returns the file it completed, if it did. */
    @Nullable WrittenFile write(Row row) {
      if (writer == null) {
        writer = TableFileWriter.open(fn.table, BATCH_PREFIX, fn.partition);
      }
      writer.write(row);
      return writer.length() >= TARGET_FILE_BYTES ? finish() : null;
    }

    /** Finishes the open file, if any. */
    @Nullable WrittenFile finish() {
      if (writer == null) {
        return null;
      }
      WrittenFile file = new WrittenFile(fn.tableName, "", writer.finish());
      writer = null;
      return file;
    }
  }

  private static final class BundleFilesFn extends TableFn<Row> {
    private transient RollingFiles files;
    private transient List<WrittenFile> finished;

    BundleFilesFn(CatalogConfig catalog, String tableName, @Nullable List<Object> partition) {
      super(catalog, tableName, partition);
    }

    @StartBundle
    public void startBundle() {
      files = new RollingFiles(this);
      finished = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element Row row) {
      WrittenFile file = files.write(row);
      if (file != null) {
        finished.add(file);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      WrittenFile last = files.finish();
      if (last != null) {
        finished.add(last);
      }
      // A batch run is one global window.
      for (WrittenFile file : finished) {
        context.output(
            file,
            org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE.maxTimestamp(),
            org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE);
      }
      finished.clear();
    }
  }

  /** Batch on the DirectRunner: one file (or more, past the target size) per group of rows. */
  private static final class GroupFilesFn extends TableFn<KV<Integer, Iterable<Row>>> {
    GroupFilesFn(CatalogConfig catalog, String tableName, @Nullable List<Object> partition) {
      super(catalog, tableName, partition);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Row>> group, OutputReceiver<WrittenFile> out) {
      RollingFiles files = new RollingFiles(this);
      for (Row row : group.getValue()) {
        WrittenFile file = files.write(row);
        if (file != null) {
          out.output(file);
        }
      }
      WrittenFile last = files.finish();
      if (last != null) {
        out.output(last);
      }
    }
  }

  private static final class PaneFilesFn extends TableFn<KV<Integer, Iterable<Row>>> {
    private final String scope;

    PaneFilesFn(
        CatalogConfig catalog, String tableName, String scope, @Nullable List<Object> partition) {
      super(catalog, tableName, partition);
      this.scope = scope;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Row>> group,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<WrittenFile> out) {
      String name = scope + "/" + paneName(window, pane, group.getKey());
      try (TableFileWriter writer =
          TableFileWriter.open(table, "pane-" + name.replace('/', '-'), partition)) {
        for (Row row : group.getValue()) {
          writer.write(row);
        }
        out.output(new WrittenFile(tableName, name, writer.finish()));
      }
    }
  }

  /**
   * {@link #perPaneAsRowsArrive}: keyed by shard, per window. State holds the pane's rows (the
   * durable copy), their count, and how many panes fired; this instance holds the open file of each
   * pane it has seen from the pane's first row on.
   */
  private static final class PaneAsRowsArriveFn extends TableFn<KV<Integer, List<Row>>> {
    private final String scope;
    private final Schema curated;
    private final Counter fromState = Metrics.counter(WriteDataFiles.class, PANES_FROM_STATE);

    @StateId("rows")
    private final StateSpec<BagState<List<Row>>> rowsSpec;

    @StateId("count")
    private final StateSpec<ValueState<Long>> countSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("firedPanes")
    private final StateSpec<ValueState<Integer>> firedSpec = StateSpecs.value(VarIntCoder.of());

    @TimerId("windowEnd")
    private final TimerSpec windowEndSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private transient Map<KV<Integer, BoundedWindow>, OpenPane> open;

    PaneAsRowsArriveFn(
        CatalogConfig catalog, String tableName, String scope, Schema curated, Schema rowSchema) {
      super(catalog, tableName, null);
      this.scope = scope;
      this.curated = curated;
      this.rowsSpec = StateSpecs.bag(ListCoder.of(RowCoder.of(rowSchema)));
    }

    @Override // the base's @Setup, which Beam calls on this instance
    public void setup() {
      super.setup();
      open = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, List<Row>> batch,
        BoundedWindow window,
        @StateId("rows") BagState<List<Row>> rows,
        @StateId("count") ValueState<Long> count,
        @StateId("firedPanes") ValueState<Integer> firedPanes,
        @TimerId("windowEnd") Timer windowEnd,
        OutputReceiver<WrittenFile> out) {
      int shard = batch.getKey();
      Integer fired = firedPanes.read();
      if (fired != null) {
        // Late rows within the allowed lateness: a pane of their own at once, as a late firing is.
        out.output(write(name(window, fired, shard), List.of(batch.getValue())));
        firedPanes.write(fired + 1);
        return;
      }
      Long counted = count.read();
      long before = counted == null ? 0 : counted;
      rows.add(batch.getValue());
      count.write(before + batch.getValue().size());
      KV<Integer, BoundedWindow> pane = KV.of(shard, window);
      if (before == 0) {
        windowEnd.set(window.maxTimestamp());
        abandon(open.put(pane, new OpenPane(open(name(window, 0, shard)))));
      }
      OpenPane file = open.get(pane);
      if (file == null) {
        return;
      }
      if (file.rows != before) {
        // Another instance took some of this pane's rows: it is written from state when it fires.
        abandon(open.remove(pane));
        return;
      }
      file.add(batch.getValue());
    }

    @OnTimer("windowEnd")
    public void onWindowEnd(
        @Key Integer shard,
        BoundedWindow window,
        @StateId("rows") BagState<List<Row>> rows,
        @StateId("count") ValueState<Long> count,
        @StateId("firedPanes") ValueState<Integer> firedPanes,
        OutputReceiver<WrittenFile> out) {
      Long counted = count.read();
      OpenPane file = open.remove(KV.of(shard, window));
      abandonPanesEndingBefore(window.maxTimestamp());
      if (counted != null && counted > 0) {
        String name = name(window, 0, shard);
        if (file != null && file.rows == counted) {
          out.output(new WrittenFile(tableName, name, file.writer.finish()));
        } else {
          abandon(file);
          fromState.inc();
          out.output(write(name, rows.read()));
        }
      }
      rows.clear();
      count.clear();
      firedPanes.write(1);
    }

    @Override // the base's @Teardown
    public void teardown() {
      if (open != null) {
        open.values().forEach(PaneAsRowsArriveFn::abandon);
        open.clear();
      }
      super.teardown();
    }

    private String name(BoundedWindow window, long paneIndex, int shard) {
      return scope + "/" + paneName(window, paneIndex, shard);
    }

    private TableFileWriter open(String name) {
      return TableFileWriter.open(
          table, "pane-" + name.replace('/', '-'), partition, ENCODE_AS_ROWS_ARRIVE);
    }

    /** A whole pane at once: its distinct rows in one new file. */
    private WrittenFile write(String name, Iterable<List<Row>> batches) {
      OpenPane file = new OpenPane(open(name));
      try {
        for (List<Row> batch : batches) {
          file.add(batch);
        }
        return new WrittenFile(tableName, name, file.writer.finish());
      } catch (RuntimeException e) {
        file.writer.abandon();
        throw e;
      }
    }

    /**
     * Files this instance opened for windows that fired elsewhere (the DirectRunner) would stay
     * open: once a later window fires here, they are given up.
     */
    private void abandonPanesEndingBefore(Instant end) {
      open.entrySet()
          .removeIf(
              entry -> {
                if (entry.getKey().getValue().maxTimestamp().isBefore(end)) {
                  abandon(entry.getValue());
                  return true;
                }
                return false;
              });
    }

    private static void abandon(@Nullable OpenPane file) {
      if (file != null) {
        file.writer.abandon();
      }
    }

    /** A pane's file being written, the rows offered to it so far, and its distinct rows. */
    private final class OpenPane {
      final TableFileWriter writer;
      final DistinctInGroups.Seen seen = new DistinctInGroups.Seen(curated);
      long rows;

      OpenPane(TableFileWriter writer) {
        this.writer = writer;
      }

      void add(List<Row> batch) {
        for (Row row : batch) {
          if (seen.firstTime(row)) {
            writer.write(row);
          }
        }
        rows += batch.size();
      }
    }
  }
}
