package io.pinpipe.pipelines.analytics;

import io.pinpipe.iceberg.BatchViews;
import io.pinpipe.iceberg.CommitRun;
import io.pinpipe.iceberg.ReadTable;
import io.pinpipe.iceberg.SpeedIncrement;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.AnswerSink;
import io.pinpipe.pipelines.io.Lake;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.io.OutputPaths;
import io.pinpipe.pipelines.io.OutputRoot;
import io.pinpipe.pipelines.io.ReadCuratedTable;
import io.pinpipe.pipelines.options.InputRootOptions;
import io.pinpipe.pipelines.options.LakeOptions;
import io.pinpipe.pipelines.options.OutputRootOptions;
import io.pinpipe.pipelines.report.PipelineRunner;
import io.pinpipe.transforms.analytics.BatchQuestions;
import io.pinpipe.transforms.analytics.Question;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;

/**
 * The {@code analytics} pipeline: the curated tables → the batch questions of analytics.md, as
 * {@code <root>/analytics/<id>.csv} and {@code .json}, an aligned table per answer on the terminal
 * and {@code <root>/analytics/report.html}.
 *
 * <pre>
 * bin/pinpipe analytics --input=/data/lake --output=/data/lake
 * </pre>
 */
public final class AnalyticsPipeline {
  public static final String NAME = "analytics";

  /** Options of {@code analytics}. */
  public interface Options extends InputRootOptions, OutputRootOptions, LakeOptions, S3Options {
    @Description(
        "What to read: iceberg (the batch views in --catalog; the default), or the parquet or jsonl "
            + "export files under <input>/curated/.")
    @Default.Enum("ICEBERG")
    OutputFormat getInputFormat();

    void setInputFormat(OutputFormat value);

    @Description(
        "With iceberg: answer from the clean run that wrote this snapshot id (of any batch view) "
            + "instead of the newest run.")
    Long getSnapshot();

    void setSnapshot(Long value);

    @Description(
        "With iceberg: answer from the newest clean run committed at or before this instant, "
            + "e.g. 2026-12-01T00:00:00Z; or now: the merged answers of the serving layer, the newest batch views "
            + "plus the speed tables' rows after what those views cover, each distinct row once.")
    String getAsOf();

    void setAsOf(String value);
  }

  private AnalyticsPipeline() {}

  public static void main(String[] args) {
    Cli.main(NAME, args, Options.class, AnalyticsPipeline::runAndPrint);
  }

  private static void runAndPrint(Options options) {
    print(run(options), System.out);
    System.out.println("Report: " + AnswerSink.directory(outputRoot(options)) + "report.html");
  }

  /** Runs the questions, writes every answer and the report, and returns the answers. */
  public static List<AnalyticsAnswer> run(Options options) {
    String output = outputRoot(options);
    OutputFormat format = options.getInputFormat();
    Map<Table, PTransform<PBegin, PCollection<Row>>> sources = new EnumMap<>(Table.class);
    Map<String, String> provenance = new LinkedHashMap<>();
    if (format == OutputFormat.ICEBERG) {
      String root =
          InvalidOptionException.required(
              "output", output, "a folder or s3://bucket/prefix for the answers");
      Lake lake =
          options.getInput() == null
              ? Lake.from(options, root)
              : Lake.from(options, "input", options.getInput());
      Map<Table, Snapshot> snapshots = snapshots(lake, options);
      output = OutputRoot.writable(options, root, "a folder or s3://bucket/prefix for the answers");
      Map<Table, SpeedIncrement> increments =
          merged(options) ? speedIncrements(lake, snapshots) : Map.of();
      for (Table table : Table.POSTING_EVENT) {
        Snapshot snapshot = snapshots.get(table);
        provenance.put(
            lake.tables.batchView(table).toString(),
            snapshot.snapshotId()
                + " (run "
                + snapshot.summary().get(CommitRun.RUN_ID)
                + ", committed "
                + Instant.ofEpochMilli(snapshot.timestampMillis())
                + ")");
        SpeedIncrement increment = increments.get(table);
        if (increment == null) {
          // A batch view holds each distinct row once already: only the columns the questions read.
          sources.put(
              table,
              ReadTable.of(
                  lake.catalog,
                  lake.tables.batchView(table),
                  snapshot.snapshotId(),
                  BatchQuestions.columnsRead(table)));
        } else {
          // Merged rows are de-duplicated whole, so they are read whole.
          sources.put(
              table,
              new MergedTable(
                  table,
                  ReadTable.of(
                      lake.catalog,
                      lake.tables.batchView(table),
                      snapshot.snapshotId(),
                      table.curatedSchema()),
                  ReadTable.files(
                      lake.catalog,
                      lake.tables.speedTable(table),
                      increment.files,
                      table.curatedSchema())));
          provenance.put(lake.tables.speedTable(table).toString(), describe(increment));
        }
      }
    } else {
      String input =
          InvalidOptionException.required(
              "input", options.getInput(), "the root holding curated/{pin,geo,user}/");
      FileSystems.setDefaultPipelineOptions(options);
      ReadCuratedTable.requireFiles(input, format);
      for (Table table : Table.POSTING_EVENT) {
        sources.put(table, ReadCuratedTable.of(table, input, format));
        provenance.put(table.id(), OutputPaths.curated(input, table));
      }
      output =
          OutputRoot.writable(
              options,
              output == null ? input : output,
              "a folder or s3://bucket/prefix for the answers");
    }
    Pipeline pipeline = Pipeline.create(options);
    buildPipeline(pipeline, sources, output);
    PipelineRunner.runToCompletion(pipeline, System.err);
    List<AnalyticsAnswer> answers = readAnswers(output);
    try {
      AnswerSink.write(output, PROVENANCE, AnswerFiles.provenance(provenance));
      AnswerSink.write(
          output, "report.html", ReportHtml.render(answers, Instant.now().toString(), provenance));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report under " + output, e);
    }
    return answers;
  }

  /**
   * The file beside the answers that says which table snapshots (or files) they were computed from.
   */
  public static final String PROVENANCE = "answered-from.json";

  /** {@code --asOf=now}: the serving layer's merged answers. */
  static boolean merged(Options options) {
    return "now".equals(options.getAsOf());
  }

  private static Map<Table, SpeedIncrement> speedIncrements(
      Lake lake, Map<Table, Snapshot> batchViews) {
    Catalog catalog = lake.catalog.connect();
    try {
      Map<Table, SpeedIncrement> increments = new EnumMap<>(Table.class);
      for (Table table : Table.POSTING_EVENT) {
        increments.put(
            table,
            SpeedIncrement.after(catalog, lake.tables.speedTable(table), batchViews.get(table)));
      }
      return increments;
    } finally {
      io.pinpipe.iceberg.CatalogConfig.close(catalog);
    }
  }

  /** What the merged answer took from a speed table, for answered-from.json and the report. */
  static String describe(SpeedIncrement increment) {
    if (increment.snapshotId == null) {
      return "no speed-layer rows yet (boundary " + increment.boundary + ")";
    }
    return increment.snapshotId
        + ": "
        + increment.panesAfter
        + " pane commits after the boundary "
        + increment.boundary
        + " ("
        + increment.files.size()
        + " data files), "
        + increment.panesCovered
        + " covered by the batch view; newest event time "
        + (increment.newestEventTime == null ? "none" : increment.newestEventTime.toString());
  }

  private static Map<Table, Snapshot> snapshots(Lake lake, Options options) {
    Long asOf = null;
    if (options.getAsOf() != null && !merged(options)) {
      try {
        asOf = Instant.parse(options.getAsOf()).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw new InvalidOptionException(
            "asOf",
            "expected now or an ISO-8601 instant such as 2026-12-01T00:00:00Z, got '"
                + options.getAsOf()
                + "'");
      }
    }
    Catalog catalog;
    try {
      catalog = lake.catalog.connect();
    } catch (RuntimeException e) {
      throw new InvalidOptionException(
          lake.locationOption, "cannot open " + lake.catalog + ": " + e.getMessage());
    }
    try {
      return BatchViews.select(catalog, lake.tables, options.getSnapshot(), asOf);
    } catch (BatchViews.MissingException e) {
      throw new InvalidOptionException(
          options.getSnapshot() != null
              ? "snapshot"
              : options.getAsOf() != null ? "asOf" : lake.locationOption,
          e.getMessage() + " (catalog " + lake.catalog + ")");
    } finally {
      io.pinpipe.iceberg.CatalogConfig.close(catalog);
    }
  }

  /** The graph of {@code analytics} over the files of an earlier {@code clean}, for tests. */
  public static void buildPipeline(
      Pipeline pipeline, String input, OutputFormat format, String output) {
    Map<Table, PTransform<PBegin, PCollection<Row>>> sources = new EnumMap<>(Table.class);
    for (Table table : Table.POSTING_EVENT) {
      sources.put(table, ReadCuratedTable.of(table, input, format));
    }
    buildPipeline(pipeline, sources, output);
  }

  /**
   * The graph of {@code analytics}: the three curated tables from {@code sources} → the answers.
   */
  public static void buildPipeline(
      Pipeline pipeline, Map<Table, PTransform<PBegin, PCollection<Row>>> sources, String output) {
    PCollectionTuple tables =
        PCollectionTuple.of(BatchQuestions.PIN, pipeline.apply("ReadPin", sources.get(Table.PIN)))
            .and(BatchQuestions.GEO, pipeline.apply("ReadGeo", sources.get(Table.GEO)))
            .and(BatchQuestions.USER, pipeline.apply("ReadUser", sources.get(Table.USER)));
    PCollectionTuple answers = tables.apply("Questions", BatchQuestions.all());
    for (Question question : Question.values()) {
      answers
          .get(question.tag())
          .apply(
              "Write" + question.id().toUpperCase(Locale.ROOT), WriteAnswer.of(question, output));
    }
  }

  /** Reads the written answers back, in question order. */
  public static List<AnalyticsAnswer> readAnswers(String root) {
    List<AnalyticsAnswer> answers = new ArrayList<>();
    for (Question q : Question.values()) {
      try {
        answers.add(
            AnswerFiles.fromJson(
                q.id(),
                q.text(),
                q.schema().getFieldNames(),
                AnswerSink.read(root, q.id() + ".json")));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the answer " + q.id() + " under " + root, e);
      }
    }
    return answers;
  }

  public static void print(List<AnalyticsAnswer> answers, PrintStream out) {
    for (AnalyticsAnswer answer : answers) {
      out.println(AnswerFiles.table(answer));
    }
  }

  private static String outputRoot(Options options) {
    return options.getOutput() == null || options.getOutput().isBlank()
        ? options.getInput()
        : options.getOutput();
  }
}
