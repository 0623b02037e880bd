package io.pinpipe.iceberg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committing half of the speed layer's write: the files of one table's fired window pane (every
 * shard) are appended in one snapshot whose summary names the window, the pane and its shards
 * ({@link #PANES}), and holds the summary properties that reached the same pane (the last source
 * offsets or sequence numbers of the window, {@link WrittenFile#summary}).
 *
 * <p>Exactly once: before appending, the committer reads every snapshot in the table's history, not
 * only the newest, and leaves out the panes some snapshot already holds. A restart that replays
 * from the earliest record, or a checkpoint restore that fires a committed pane again, therefore
 * adds nothing twice; the files of such a repeated pane are deleted, unless a snapshot names them.
 * Snapshots expired from the history can no longer be checked, so expire only snapshots older than
 * the topics' retention.
 */
public final class AppendPanes extends PTransform<PCollection<WrittenFile>, PCollection<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(AppendPanes.class);

  /** Summary property: the panes a snapshot appended, {@code <start>_<end>/<pane>/<shard>,...}. */
  public static final String PANES = "pinpipe.panes";

  public static final String WINDOW_START = "pinpipe.window-start";
  public static final String WINDOW_END = "pinpipe.window-end";
  public static final String ROWS = "pinpipe.rows";

  /**
   * Summary property: where a fresh start of the writing stream resumes reading once this pane is
   * committed ({@link #resumeFrom}). Windows that end before it are never fired again by a fresh
   * start, so their pane commits may leave the history ({@link SpeedTableTrim}).
   */
  public static final String RESUME_FROM = "pinpipe.resume-from";

  private final CatalogConfig catalog;
  private final String table;
  private final String pipeline;
  private final @Nullable Duration replay;

  private AppendPanes(
      CatalogConfig catalog, TableIdentifier table, String pipeline, @Nullable Duration replay) {
    this.catalog = catalog;
    this.table = table.toString();
    this.pipeline = pipeline;
    this.replay = replay;
  }

  public static AppendPanes to(CatalogConfig catalog, TableIdentifier table, String pipeline) {
    return new AppendPanes(catalog, table, pipeline, null);
  }

  /**
   * Records in each pane commit where a fresh start resumes ({@link #RESUME_FROM}): {@code replay}
   * is how far before the last committed window's end it starts reading (the longer of the
   * de-duplication horizon and the allowed lateness).
   */
  public AppendPanes resumingWithin(Duration replay) {
    return new AppendPanes(catalog, TableIdentifier.parse(table), pipeline, replay);
  }

  /**
   * Where a fresh start resumes after the window ending at {@code lastEnd} was committed: the start
   * of the fixed window holding {@code lastEnd − replay}, so that window is read whole.
   */
  public static Instant resumeFrom(Instant lastEnd, Duration window, Duration replay) {
    long from = lastEnd.getMillis() - replay.getMillis();
    return new Instant(from - Math.floorMod(from, window.getMillis()));
  }

  @Override
  public PCollection<String> expand(PCollection<WrittenFile> files) {
    return files
        .apply(
            "OneCommitter",
            WithKeys.<String, WrittenFile>of(table).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(WrittenFile.class)))
        .apply("GatherPane", GroupByKey.create())
        .apply("Append", ParDo.of(new AppendFn(catalog, table, pipeline, replay)));
  }

  private static final class AppendFn extends DoFn<KV<String, Iterable<WrittenFile>>, String> {
    private final CatalogConfig catalogConfig;
    private final String tableName;
    private final String pipeline;
    private final @Nullable Duration replay;
    private transient Catalog catalog;

    AppendFn(
        CatalogConfig catalogConfig, String tableName, String pipeline, @Nullable Duration replay) {
      this.catalogConfig = catalogConfig;
      this.tableName = tableName;
      this.pipeline = pipeline;
      this.replay = replay;
    }

    @Setup
    public void setup() {
      catalog = catalogConfig.connect();
    }

    @Teardown
    public void teardown() {
      CatalogConfig.close(catalog);
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<WrittenFile>> pane,
        BoundedWindow window,
        OutputReceiver<String> out) {
      Table table = catalog.loadTable(TableIdentifier.parse(tableName));
      Set<String> committed = committedPanes(table);
      Map<String, DataFile> fresh = new LinkedHashMap<>();
      List<String> repeated = new ArrayList<>();
      Map<String, String> summary = new java.util.TreeMap<>();
      WrittenFile.mergeProperties(pane.getValue(), summary);
      for (WrittenFile written : pane.getValue()) {
        if (written.file == null) {
          continue;
        }
        if (committed.contains(written.pane) || fresh.containsKey(written.pane)) {
          repeated.add(written.file.location());
        } else {
          fresh.put(written.pane, written.file);
        }
      }
      // A checkpoint restore can hand back the very file an earlier snapshot committed: keep those.
      if (!repeated.isEmpty()) {
        Set<String> named = committedFiles(table);
        fresh.values().forEach(file -> named.add(file.location()));
        for (String location : repeated) {
          if (!named.contains(location)) {
            table.io().deleteFile(location);
          }
        }
      }
      if (fresh.isEmpty() && repeated.isEmpty()) {
        return; // only summary properties reached this pane: nothing to commit
      }
      if (fresh.isEmpty()) {
        LOG.info(
            "{}: pane {} is already committed; its {} repeated files are not committed again",
            tableName,
            window,
            repeated.size());
        return;
      }
      AppendFiles append = table.newAppend();
      long rows = 0;
      for (DataFile file : fresh.values()) {
        append.appendFile(file);
        rows += file.recordCount();
      }
      summary.forEach(append::set);
      append
          .set(PANES, String.join(",", fresh.keySet()))
          .set(CommitRun.PIPELINE, pipeline)
          .set(ROWS, Long.toString(rows));
      if (window instanceof org.apache.beam.sdk.transforms.windowing.IntervalWindow) {
        org.apache.beam.sdk.transforms.windowing.IntervalWindow interval =
            (org.apache.beam.sdk.transforms.windowing.IntervalWindow) window;
        append
            .set(WINDOW_START, interval.start().toString())
            .set(WINDOW_END, interval.end().toString());
        if (replay != null) {
          Duration length = new Duration(interval.start(), interval.end());
          append.set(RESUME_FROM, resumeFrom(interval.end(), length, replay).toString());
        }
      }
      append.commit();
      out.output(tableName + "@" + table.currentSnapshot().snapshotId());
    }
  }

  /** The data files the table's pane snapshots added (a mutable set). */
  static Set<String> committedFiles(Table table) {
    Set<String> files = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      String list = snapshot.summary().get(PANES);
      if (list != null && !list.isEmpty()) {
        for (DataFile file : snapshot.addedDataFiles(table.io())) {
          files.add(file.location());
        }
      }
    }
    return files;
  }

  /**
   * The end of the latest window a pane snapshot in the table's history belongs to, or null when
   * none does: windows fire, and so commit, in event-time order, so every earlier window of the
   * writing pipeline has fired by then.
   */
  public static org.joda.time.@Nullable Instant lastWindowEnd(Table table) {
    org.joda.time.Instant last = null;
    for (Snapshot snapshot : table.snapshots()) {
      String end = snapshot.summary().get(WINDOW_END);
      if (end != null && snapshot.summary().get(PANES) != null) {
        org.joda.time.Instant time = org.joda.time.Instant.parse(end);
        if (last == null || time.isAfter(last)) {
          last = time;
        }
      }
    }
    return last;
  }

  /** Every pane any snapshot in the table's history appended. */
  public static Set<String> committedPanes(Table table) {
    Set<String> panes = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      String list = snapshot.summary().get(PANES);
      if (list != null && !list.isEmpty()) {
        for (String pane : list.split(",")) {
          panes.add(pane);
        }
      }
    }
    return panes;
  }
}
