package io.pinpipe.pipelines.clean;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.pinpipe.iceberg.CommitRun;
import io.pinpipe.iceberg.WriteDataFiles;
import io.pinpipe.iceberg.WrittenFile;
import io.pinpipe.options.Choices;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.DeadLetterRows;
import io.pinpipe.pipelines.io.InputPositions;
import io.pinpipe.pipelines.io.JdbcSource;
import io.pinpipe.pipelines.io.Lake;
import io.pinpipe.pipelines.io.LandingZoneSource;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.io.OutputRoot;
import io.pinpipe.pipelines.io.RawRecordSource;
import io.pinpipe.pipelines.io.RunId;
import io.pinpipe.pipelines.io.WriteCuratedShards;
import io.pinpipe.pipelines.io.WriteDeadLetterFiles;
import io.pinpipe.pipelines.options.JdbcSourceOptions;
import io.pinpipe.pipelines.options.LakeOptions;
import io.pinpipe.pipelines.options.OutputOptions;
import io.pinpipe.pipelines.options.RawSourceOptions;
import io.pinpipe.pipelines.options.TopicPrefix;
import io.pinpipe.pipelines.report.PipelineRunner;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.transforms.CurateBatch;
import io.pinpipe.transforms.GroupByShard;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The batch {@code clean} pipeline: raw records of the three tables (landing objects or the source
 * database) → parse, clean, de-duplicate → curated tables and dead letters.
 *
 * <pre>
 * bin/pinpipe clean --source=raw --input=/data/landing --output=/data/lake
 * bin/pinpipe clean --source=jdbc --jdbcUrl=jdbc:mariadb://127.0.0.1:3306/pinterest_data \
 *     --jdbcUser=root --output=s3://bucket/lake --awsRegion=eu-west-1
 * </pre>
 */
public final class CleanPipeline {
  public static final String NAME = "clean";

  /** Options of {@code clean}. */
  public interface Options extends RawSourceOptions, JdbcSourceOptions, OutputOptions, S3Options {
    @Description(
        "Where raw records come from: raw (landing objects under --input) or jdbc (the three "
            + "source tables at --jdbcUrl).")
    @Default.Enum("RAW")
    Source getSource();

    void setSource(Source value);
  }

  /** The values of {@code --source}. */
  public enum Source {
    RAW,
    JDBC;

    @JsonCreator
    public static Source of(String text) {
      return Choices.of(Source.class, text);
    }
  }

  private CleanPipeline() {}

  public static void main(String[] args) {
    Cli.main(NAME, args, Options.class, CleanPipeline::runAndPrint);
  }

  private static void runAndPrint(Options options) {
    RunReport report = run(options);
    report.print(System.out);
    if (options.getOutputFormat().contains("iceberg")) {
      System.out.println(
          "curated tables: "
              + options.getNamespace()
              + ".{pin,geo,user}, dead letters: "
              + options.getNamespace()
              + "."
              + options.getDeadLetterTable()
              + ", catalog "
              + options.getCatalog());
    }
    if (options.getOutputFormat().contains("parquet")
        || options.getOutputFormat().contains("jsonl")) {
      System.out.println(
          "exported files: "
              + options.getOutput()
              + "/curated/, dead letters: "
              + options.getOutput()
              + "/dead-letter/");
    }
  }

  /** Validates the options, runs the pipeline to the end and returns its counts. */
  public static RunReport run(Options options) {
    return run(options, Table.all());
  }

  /**
   * {@link #run(Options)} over the given tables instead of the three: how a table added as in
   * docs/adding-a-table.md is cleaned before it has a place in {@link Table}.
   */
  public static RunReport run(Options options, List<? extends TableSpec> tables) {
    RawRecordSource source = source(options);
    String output =
        InvalidOptionException.required(
            "output", options.getOutput(), "an output root: a folder or s3://bucket/prefix");
    Set<OutputFormat> formats = OutputFormat.parseList("outputFormat", options.getOutputFormat());
    if (options.getNumShards() < 1) {
      throw new InvalidOptionException("numShards", "must be at least 1");
    }
    // The options are sound; now what they point at: something to read, somewhere to write.
    FileSystems.setDefaultPipelineOptions(options);
    source.requireInput(tables);
    OutputRoot.requireWritable(options, output);
    Lake lake = null;
    if (formats.contains(OutputFormat.ICEBERG)) {
      lake = Lake.from(options, output);
      lake.prepare(tables);
    }
    Pipeline pipeline = Pipeline.create(options);
    buildPipeline(
        pipeline,
        tables,
        source,
        new Outputs(
            output, formats, lake, RunId.create(), source.describe(), options.getAllowShrink()),
        options.getNumShards());
    RunReport report = RunReport.of(PipelineRunner.runToCompletion(pipeline, System.err), tables);
    if (!report.reconciles()) {
      throw new IllegalStateException("counts do not reconcile: read != curated + dead-lettered");
    }
    if (lake != null) {
      trimSpeedTables(lake, tables);
    }
    return report;
  }

  /**
   * The speed tables hand over what the new batch views cover. Not fatal: the views are committed,
   * and the next run trims what this one could not.
   */
  private static void trimSpeedTables(Lake lake, List<? extends TableSpec> tables) {
    try {
      lake.trimSpeedTables(tables)
          .forEach(
              (speed, removed) -> {
                if (removed.files() > 0) {
                  System.err.printf(
                      "%s: removed %d files (%d rows) of %d panes the new batch view covers%n",
                      speed, removed.files(), removed.rows(), removed.panes());
                }
              });
    } catch (RuntimeException e) {
      System.err.println(
          "warning: the speed tables keep the panes the new batch views cover (the next run "
              + "removes them): "
              + e);
    }
  }

  /** Where one run of {@code clean} writes: the Iceberg tables of a lake and/or export files. */
  public static final class Outputs {
    final String root;
    final Set<OutputFormat> formats;
    final @Nullable Lake lake;
    final RunId run;
    final Map<String, String> input;
    final boolean allowShrink;

    /**
     * {@code input}: what the run reads, for the snapshot summaries; {@code allowShrink}: whether
     * it may replace a batch view with one covering less input.
     */
    public Outputs(
        String root,
        Set<OutputFormat> formats,
        @Nullable Lake lake,
        RunId run,
        Map<String, String> input,
        boolean allowShrink) {
      this.root = root;
      this.formats = formats;
      this.lake = lake;
      this.run = run;
      this.input = input;
      this.allowShrink = allowShrink;
    }
  }

  /** The graph of {@code clean} writing export files only, for tests on a TestPipeline. */
  public static void buildPipeline(
      Pipeline pipeline,
      RawRecordSource source,
      String output,
      Set<OutputFormat> formats,
      int numShards) {
    buildPipeline(
        pipeline,
        source,
        new Outputs(output, formats, null, RunId.create(), Map.of(), false),
        numShards);
  }

  /** The graph of {@code clean} over the three tables, for tests on a TestPipeline. */
  public static void buildPipeline(
      Pipeline pipeline, RawRecordSource source, Outputs outputs, int numShards) {
    buildPipeline(pipeline, Table.all(), source, outputs, numShards);
  }

  /**
   * The graph of {@code clean}: one branch per table (read, clean, write), one commit of every
   * table's files at the end.
   */
  public static void buildPipeline(
      Pipeline pipeline,
      List<? extends TableSpec> tables,
      RawRecordSource source,
      Outputs outputs,
      int numShards) {
    Set<OutputFormat> files = EnumSet.noneOf(OutputFormat.class);
    outputs.formats.stream().filter(OutputFormat::isFile).forEach(files::add);
    Lake lake = outputs.formats.contains(OutputFormat.ICEBERG) ? outputs.lake : null;
    List<PCollection<WrittenFile>> written = new ArrayList<>();
    List<CommitRun.TableCommit> commits = new ArrayList<>();
    for (TableSpec table : tables) {
      String name = table.stepName();
      PCollection<RawRecord> raw = pipeline.apply("Read" + name, source.read(table));
      PCollectionTuple cleaned = raw.apply("Clean" + name, CurateBatch.of(table, NAME));
      PCollection<Row> curated = cleaned.get(CurateBatch.CURATED);
      PCollection<DeadLetter> deadLetters = cleaned.get(CurateBatch.DEAD_LETTERS);
      if (lake != null) {
        TableIdentifier view = lake.tables.batchView(table);
        written.add(
            curated.apply(
                "WriteBatchView" + name, WriteDataFiles.inBundles(lake.catalog, view, null)));
        written.add(
            deadLetters
                .apply("DeadLetterRows" + name, DeadLetterRows.of())
                .apply(
                    "WriteDeadLetterTable" + name,
                    WriteDataFiles.inBundles(
                        lake.catalog, lake.tables.deadLetters(), List.of(NAME, table.id()))));
        commits.add(CommitRun.TableCommit.replacing(view, Expressions.alwaysTrue()).guarded());
        commits.add(
            CommitRun.TableCommit.replacing(
                lake.tables.deadLetters(),
                Expressions.and(
                    Expressions.equal("pipeline", NAME), Expressions.equal("table", table.id()))));
        written.add(raw.apply("InputPositions" + name, InputPositions.forTable(view)));
        written.add(raw.apply("InputRecords" + name, InputPositions.recordCount(view)));
      }
      if (!files.isEmpty()) {
        // Exports: one file per shard and format, names that depend only on the input.
        curated
            .apply("GroupByShard" + name, GroupByShard.of(table, numShards))
            .apply(
                "WriteCurated" + name,
                WriteCuratedShards.of(table, outputs.root, files, numShards));
        deadLetters.apply(
            "WriteDeadLetters" + name, WriteDeadLetterFiles.of(table, outputs.root, numShards));
      }
    }
    if (lake != null) {
      PCollectionList.of(written)
          .apply(
              "CommitRun",
              CommitRun.of(lake.catalog, outputs.run.id(), NAME, outputs.run.startMillis(), commits)
                  .withProperties(outputs.input)
                  .refusingLessInput(outputs.allowShrink ? null : LakeOptions.ALLOW_SHRINK));
    }
  }

  private static RawRecordSource source(Options options) {
    return switch (options.getSource()) {
      case RAW ->
          new LandingZoneSource(
              InvalidOptionException.required(
                  "input",
                  options.getInput(),
                  "the root of the raw landing zone with --source=raw"),
              TopicPrefix.validated(options.getTopicPrefix()));
      case JDBC -> JdbcSource.connect(options);
    };
  }
}
