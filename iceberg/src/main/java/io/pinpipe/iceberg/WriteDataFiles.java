package io.pinpipe.iceberg;

import io.pinpipe.transforms.DirectRunnerBundles;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.checkerframework.checker.nullness.qual.Nullable;

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

  /** The window and pane of a speed-layer file: {@code <start>_<end>/<pane index>/<shard>}. */
  static String paneName(BoundedWindow window, PaneInfo pane, int shard) {
    String span =
        window instanceof IntervalWindow
            ? ((IntervalWindow) window).start().getMillis()
                + "_"
                + ((IntervalWindow) window).end().getMillis()
            : "global";
    return span + "/" + pane.getIndex() + "/" + shard;
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
}
