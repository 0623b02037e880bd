package io.pinpipe.pipelines.batch;

import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.AnswerSink;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.report.RunReport;
import java.util.List;
import java.util.Set;

/**
 * The daily batch job: {@code clean} (raw landing objects or the source database → curated tables),
 * then {@code analytics} over what it wrote, under the same {@code --output} root.
 *
 * <pre>
 * bin/pinpipe batch --source=raw --input=s3://bucket/landing --output=s3://bucket/lake
 * </pre>
 */
public final class BatchPipeline {
  public static final String NAME = "batch";

  /**
   * Options of {@code batch}: those of {@code clean}; analytics reads and writes under --output.
   */
  public interface Options extends CleanPipeline.Options, AnalyticsPipeline.Options {}

  private BatchPipeline() {}

  public static void main(String[] args) {
    Cli.main(NAME, args, Options.class, BatchPipeline::runAndPrint);
  }

  private static void runAndPrint(Options options) {
    Result result = run(options);
    result.clean.print(System.out);
    AnalyticsPipeline.print(result.answers, System.out);
    System.out.println("Report: " + AnswerSink.directory(options.getOutput()) + "report.html");
  }

  /** What one batch run produced. */
  public static final class Result {
    public final RunReport clean;
    public final List<AnalyticsAnswer> answers;

    Result(RunReport clean, List<AnalyticsAnswer> answers) {
      this.clean = clean;
      this.answers = answers;
    }
  }

  public static Result run(Options options) {
    RunReport clean = CleanPipeline.run(options);
    String rawInput = options.getInput();
    try {
      // Analytics reads the curated tables clean has just written under --output.
      options.setInput(options.getOutput());
      Set<OutputFormat> formats = OutputFormat.parseList("outputFormat", options.getOutputFormat());
      options.setInputFormat(
          formats.contains(OutputFormat.ICEBERG)
              ? OutputFormat.ICEBERG
              : formats.contains(OutputFormat.PARQUET) ? OutputFormat.PARQUET : OutputFormat.JSONL);
      return new Result(clean, AnalyticsPipeline.run(options));
    } finally {
      options.setInput(rawInput);
    }
  }
}
