package io.pinpipe.pipelines.clean;

import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.DeadLetterSink;
import io.pinpipe.pipelines.io.JdbcSource;
import io.pinpipe.pipelines.io.LandingZoneSource;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.io.RawRecordSource;
import io.pinpipe.pipelines.io.WriteCuratedShards;
import io.pinpipe.pipelines.options.InvalidOptionException;
import io.pinpipe.pipelines.options.JdbcSourceOptions;
import io.pinpipe.pipelines.options.OutputOptions;
import io.pinpipe.pipelines.options.RawSourceOptions;
import io.pinpipe.pipelines.options.TopicPrefix;
import io.pinpipe.pipelines.report.PipelineRunner;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.transforms.GroupByShard;
import io.pinpipe.transforms.ParseAndClean;
import io.pinpipe.transforms.model.Table;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollectionTuple;

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
    // No @Default: `stream` has a --source with another default, and Beam rejects one property
    // with two defaults once both interfaces are known in a JVM (as in the test suite).
    @Description(
        "Where raw records come from: raw (landing objects under --input) or jdbc (the three "
            + "source tables at --jdbcUrl). Default: raw.")
    String getSource();

    void setSource(String value);
  }

  private CleanPipeline() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(NAME, args, Options.class, CleanPipeline::runAndPrint, System.out, System.err));
  }

  private static void runAndPrint(Options options) {
    RunReport report = run(options);
    report.print(System.out);
    System.out.println("curated tables: " + options.getOutput() + "/curated/, dead letters: "
        + options.getOutput() + "/dead-letter/");
  }

  /** Validates the options, runs the pipeline to the end and returns its counts. */
  public static RunReport run(Options options) {
    RawRecordSource source = source(options);
    String output = InvalidOptionException.required("output", options.getOutput(), "an output root: a folder or s3://bucket/prefix");
    Set<OutputFormat> formats = OutputFormat.parseList("outputFormat", options.getOutputFormat());
    if (options.getNumShards() < 1) {
      throw new InvalidOptionException("numShards", "must be at least 1");
    }
    Pipeline pipeline = Pipeline.create(options);
    buildPipeline(pipeline, source, output, formats, options.getNumShards());
    RunReport report = RunReport.of(PipelineRunner.runToCompletion(pipeline, System.err));
    if (!report.reconciles()) {
      throw new IllegalStateException("counts do not reconcile: read != curated + dead-lettered");
    }
    return report;
  }

  /** The graph of {@code clean}, for {@link #run} and for tests on a TestPipeline. */
  public static void buildPipeline(
      Pipeline pipeline, RawRecordSource source, String output, Set<OutputFormat> formats, int numShards) {
    for (Table table : Table.values()) {
      String name = table.stepName();
      PCollectionTuple cleaned =
          pipeline
              .apply("Read" + name, source.read(table))
              .apply("Clean" + name, ParseAndClean.of(table, NAME));
      // One shuffle per table: the shard is the unit of both de-duplication and output file.
      cleaned
          .get(ParseAndClean.CURATED)
          .apply("GroupByShard" + name, GroupByShard.of(table, numShards))
          .apply("WriteCurated" + name, WriteCuratedShards.of(table, output, formats, numShards));
      cleaned
          .get(ParseAndClean.DEAD_LETTERS)
          .apply("WriteDeadLetters" + name, DeadLetterSink.of(table, output, numShards));
    }
  }

  private static RawRecordSource source(Options options) {
    String source = options.getSource() == null ? "raw" : options.getSource();
    switch (source) {
      case "raw":
        String input = InvalidOptionException.required("input", options.getInput(), "the root of the raw landing zone with --source=raw");
        return new LandingZoneSource(input, TopicPrefix.validated(options.getTopicPrefix()));
      case "jdbc":
        return JdbcSource.connect(options);
      default:
        throw new InvalidOptionException("source", "expected raw or jdbc, got '" + source + "'");
    }
  }

}
