package io.pinpipe.iceberg;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committing half of a batch run: once every worker has written its files, one step commits
 * each table of the run in one snapshot that replaces what the run covers ({@link TableCommit}).
 * Readers see the previous snapshot until then, and a failed run leaves it in place.
 *
 * <p>Exactly once: every snapshot carries the run id ({@link #RUN_ID}); a retried commit step finds
 * its run in the table's history and does not commit again. Files that no snapshot names (a failed
 * run's, a retried bundle's) are deleted after the commit when they are older than the run, and
 * counted in the log. Runs of one catalog's batch tables must not overlap.
 */
public final class CommitRun extends PTransform<PCollectionList<WrittenFile>, PCollection<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(CommitRun.class);

  public static final String RUN_ID = "pinpipe.run-id";
  public static final String PIPELINE = "pinpipe.pipeline";
  public static final String ROWS = "pinpipe.rows";

  private final CatalogConfig catalog;
  private final String runId;
  private final String pipeline;
  private final long runStartMillis;
  private final List<TableCommit> tables;
  private final Map<String, String> properties;
  private final @Nullable String shrinkOverride;

  private CommitRun(
      CatalogConfig catalog,
      String runId,
      String pipeline,
      long runStartMillis,
      List<TableCommit> tables,
      Map<String, String> properties,
      @Nullable String shrinkOverride) {
    this.catalog = catalog;
    this.runId = runId;
    this.pipeline = pipeline;
    this.runStartMillis = runStartMillis;
    this.tables = tables;
    this.properties = new java.util.TreeMap<>(properties);
    this.shrinkOverride = shrinkOverride;
  }

  /**
   * Commits {@code tables}; the input holds their data files and any summary properties for them
   * ({@link WrittenFile#summary}, e.g. the last offsets read).
   */
  public static CommitRun of(
      CatalogConfig catalog,
      String runId,
      String pipeline,
      long runStartMillis,
      List<TableCommit> tables) {
    return new CommitRun(
        catalog, runId, pipeline, runStartMillis, new ArrayList<>(tables), Map.of(), null);
  }

  /** Adds properties to the summary of every table's snapshot (e.g. what the run read). */
  public CommitRun withProperties(Map<String, String> properties) {
    return new CommitRun(
        catalog, runId, pipeline, runStartMillis, tables, properties, shrinkOverride);
  }

  /**
   * Refuses the whole run, before any table is committed, when a {@link TableCommit#guarded} table
   * would be replaced by a snapshot that covers less input than its current one ({@link
   * InputCoverage#shrinkage}); the refusal names {@code overrideOption}, which the caller leaves
   * out of the graph ({@code null}) when the user asked to replace anyway.
   */
  public CommitRun refusingLessInput(@Nullable String overrideOption) {
    return new CommitRun(
        catalog, runId, pipeline, runStartMillis, tables, properties, overrideOption);
  }

  /**
   * What a run replaces in one table: all of it, or the rows a filter selects (whole partitions).
   */
  public static final class TableCommit implements Serializable {
    private static final long serialVersionUID = 1L;
    final String table;
    final Expression replaced;
    final boolean guarded;

    private TableCommit(String table, Expression replaced, boolean guarded) {
      this.table = table;
      this.replaced = replaced;
      this.guarded = guarded;
    }

    public static TableCommit replacing(TableIdentifier table, Expression replaced) {
      return new TableCommit(table.toString(), replaced, false);
    }

    /** This commit must not cover less input than the table's current snapshot (a batch view). */
    public TableCommit guarded() {
      return new TableCommit(table, replaced, true);
    }
  }

  @Override
  public PCollection<String> expand(PCollectionList<WrittenFile> files) {
    List<WrittenFile> markers = new ArrayList<>();
    for (TableCommit table : tables) {
      markers.add(WrittenFile.marker(table.table));
    }
    // The markers make every table commit, and the step run, even when no worker wrote a file.
    PCollection<WrittenFile> all =
        files
            .and(
                files
                    .getPipeline()
                    .apply(
                        "TableMarkers",
                        Create.of(markers).withCoder(SerializableCoder.of(WrittenFile.class))))
            .apply("AllFiles", Flatten.pCollections());
    return all.apply(
            "OneCommitter",
            WithKeys.<String, WrittenFile>of(runId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(WrittenFile.class)))
        .apply("Gather", GroupByKey.create())
        .apply("Commit", ParDo.of(new CommitFn(this)));
  }

  private static final class CommitFn extends DoFn<KV<String, Iterable<WrittenFile>>, String> {
    private final CatalogConfig catalogConfig;
    private final String runId;
    private final String pipeline;
    private final long runStartMillis;
    private final List<TableCommit> tables;
    private final Map<String, String> properties;
    private final @Nullable String shrinkOverride;

    CommitFn(CommitRun spec) {
      this.catalogConfig = spec.catalog;
      this.runId = spec.runId;
      this.pipeline = spec.pipeline;
      this.runStartMillis = spec.runStartMillis;
      this.tables = spec.tables;
      this.properties = spec.properties;
      this.shrinkOverride = spec.shrinkOverride;
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      Map<String, List<DataFile>> byTable = new LinkedHashMap<>();
      Map<String, List<WrittenFile>> summaries = new LinkedHashMap<>();
      for (TableCommit table : tables) {
        byTable.put(table.table, new ArrayList<>());
        summaries.put(table.table, new ArrayList<>());
      }
      for (WrittenFile written : context.element().getValue()) {
        if (written.file != null) {
          byTable.computeIfAbsent(written.table, t -> new ArrayList<>()).add(written.file);
        } else {
          summaries.computeIfAbsent(written.table, t -> new ArrayList<>()).add(written);
        }
      }
      // One snapshot per table: a table named by several commits (the dead-letter table, once per
      // source table) replaces all they cover at once, or the run id check would skip the others.
      Map<String, Expression> replaced = new LinkedHashMap<>();
      for (TableCommit commit : tables) {
        replaced.merge(commit.table, commit.replaced, Expressions::or);
      }
      Catalog catalog = catalogConfig.connect();
      try {
        if (shrinkOverride != null) {
          refuseLessInput(catalog, summaries);
        }
        for (Map.Entry<String, Expression> commit : replaced.entrySet()) {
          String name = commit.getKey();
          Table table = catalog.loadTable(TableIdentifier.parse(name));
          Snapshot done = committedBy(table, runId);
          if (done == null) {
            List<DataFile> files = byTable.get(name);
            OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(commit.getValue());
            long rows = 0;
            for (DataFile file : files) {
              overwrite.addFile(file);
              rows += file.recordCount();
            }
            Map<String, String> summary = summary(summaries.get(name));
            summary.forEach(overwrite::set);
            overwrite.set(RUN_ID, runId).set(PIPELINE, pipeline).set(ROWS, Long.toString(rows));
            overwrite.commit();
            done = table.currentSnapshot();
            LOG.info(
                "committed {} rows in {} files to {} as snapshot {}",
                rows,
                files.size(),
                name,
                done.snapshotId());
          } else {
            LOG.info(
                "run {} is already committed to {} as snapshot {}", runId, name, done.snapshotId());
          }
          removeOrphans(table, runStartMillis);
          context.output(name + "@" + done.snapshotId());
        }
      } finally {
        CatalogConfig.close(catalog);
      }
    }

    private Map<String, String> summary(List<WrittenFile> written) {
      Map<String, String> summary = new java.util.TreeMap<>(properties);
      WrittenFile.mergeProperties(written, summary);
      return summary;
    }

    /** Checks every guarded table first, so a refusal leaves all of them as they are. */
    private void refuseLessInput(Catalog catalog, Map<String, List<WrittenFile>> summaries) {
      for (TableCommit commit : tables) {
        if (!commit.guarded) {
          continue;
        }
        Table table = catalog.loadTable(TableIdentifier.parse(commit.table));
        Snapshot current = table.currentSnapshot();
        if (current == null || committedBy(table, runId) != null) {
          continue;
        }
        String shrinkage =
            InputCoverage.shrinkage(current.summary(), summary(summaries.get(commit.table)));
        if (shrinkage != null) {
          throw new CommitRefused(
              "refusing to replace "
                  + commit.table
                  + " (snapshot "
                  + current.snapshotId()
                  + "): "
                  + shrinkage
                  + "; nothing was committed (--"
                  + shrinkOverride
                  + " replaces it anyway)");
        }
      }
    }
  }

  /** The snapshot of this table that run {@code runId} committed, or null. */
  static @Nullable Snapshot committedBy(Table table, String runId) {
    for (Snapshot snapshot : table.snapshots()) {
      if (runId.equals(snapshot.summary().get(RUN_ID))) {
        return snapshot;
      }
    }
    return null;
  }

  /**
   * Deletes data files under the table's data folder that no snapshot names and that were written
   * before {@code beforeMillis}: what failed or retried runs left. Returns how many.
   */
  static int removeOrphans(Table table, long beforeMillis) {
    if (!(table.io() instanceof SupportsPrefixOperations)) {
      return 0;
    }
    Set<String> referenced = referencedDataFiles(table);
    List<String> orphans = new ArrayList<>();
    String data = table.location().replaceAll("/+$", "") + "/data/";
    try {
      for (FileInfo file : ((SupportsPrefixOperations) table.io()).listPrefix(data)) {
        if (file.createdAtMillis() < beforeMillis
            && !referenced.contains(normalise(file.location()))
            && isBatchFile(file.location())) {
          orphans.add(file.location());
        }
      }
    } catch (RuntimeException e) {
      // The data folder does not exist yet (an empty table) on some file systems.
      return 0;
    }
    for (String orphan : orphans) {
      table.io().deleteFile(orphan);
    }
    if (!orphans.isEmpty()) {
      LOG.warn(
          "removed {} data files of {} that no snapshot names (left by failed or retried runs)",
          orphans.size(),
          table.name());
    }
    return orphans.size();
  }

  /**
   * Every data file some snapshot in the history can read: the live entries of all its manifests,
   * not only the files it added. A file stays readable through later snapshots after the snapshot
   * that added it expired (an append after it, e.g. the speed layer's dead letters, keeps it), and
   * must not pass for an orphan then.
   */
  static Set<String> referencedDataFiles(Table table) {
    Set<String> referenced = new HashSet<>();
    Set<String> manifestsRead = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
        if (manifestsRead.add(manifest.path())) {
          try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io())) {
            paths.forEach(path -> referenced.add(normalise(path)));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read manifest " + manifest.path(), e);
          }
        }
      }
    }
    return referenced;
  }

  /**
   * Only batch writers' files: the speed layer may share a table (dead letters) and be mid-pane.
   */
  private static boolean isBatchFile(String location) {
    String name = location.substring(location.lastIndexOf('/') + 1);
    return name.startsWith(WriteDataFiles.BATCH_PREFIX + "-") && name.endsWith(".parquet");
  }

  /** {@code file:/x} and {@code file:///x} name one file. */
  private static String normalise(String location) {
    return location.replaceFirst("^file:/+", "file:/");
  }
}
