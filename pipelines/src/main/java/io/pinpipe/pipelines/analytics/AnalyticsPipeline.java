package io.pinpipe.pipelines.analytics;

import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.AnswerSink;
import io.pinpipe.pipelines.io.CuratedTableSource;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.options.InputRootOptions;
import io.pinpipe.pipelines.options.InvalidOptionException;
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
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollectionTuple;

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
  public interface Options extends InputRootOptions, OutputRootOptions, S3Options {
    @Description("Format of the curated tables to read: parquet or jsonl.")
    @Default.String("parquet")
    String getInputFormat();

    void setInputFormat(String value);
  }

  private AnalyticsPipeline() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(NAME, args, Options.class, options -> {
      List<AnalyticsAnswer> answers = run(options);
      print(answers, System.out);
      System.out.println("Report: " + AnswerSink.directory(outputRoot(options)) + "report.html");
    }, System.out, System.err));
  }

  /** Runs the questions, writes every answer and the report, and returns the answers. */
  public static List<AnalyticsAnswer> run(Options options) {
    String input = InvalidOptionException.required("input", options.getInput(), "the root holding curated/{pin,geo,user}/");
    String output = outputRoot(options);
    OutputFormat format;
    try {
      format = OutputFormat.valueOf(String.valueOf(options.getInputFormat()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("inputFormat", "expected parquet or jsonl, got '" + options.getInputFormat() + "'");
    }
    Pipeline pipeline = Pipeline.create(options);
    buildPipeline(pipeline, input, format, output);
    PipelineRunner.runToCompletion(pipeline, System.err);
    List<AnalyticsAnswer> answers = readAnswers(output);
    try {
      AnswerSink.write(output, "report.html", ReportHtml.render(answers, Instant.now().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report under " + output, e);
    }
    return answers;
  }

  public static void buildPipeline(Pipeline pipeline, String input, OutputFormat format, String output) {
    PCollectionTuple tables = PCollectionTuple
        .of(BatchQuestions.PIN, pipeline.apply("ReadPin", CuratedTableSource.of(Table.PIN, input, format)))
        .and(BatchQuestions.GEO, pipeline.apply("ReadGeo", CuratedTableSource.of(Table.GEO, input, format)))
        .and(BatchQuestions.USER, pipeline.apply("ReadUser", CuratedTableSource.of(Table.USER, input, format)));
    PCollectionTuple answers = tables.apply("Questions", BatchQuestions.all());
    for (Question question : Question.values()) {
      answers.get(question.tag()).apply("Write" + question.id().toUpperCase(Locale.ROOT), WriteAnswer.of(question, output));
    }
  }

  /** Reads the written answers back, in question order. */
  public static List<AnalyticsAnswer> readAnswers(String root) {
    List<AnalyticsAnswer> answers = new ArrayList<>();
    for (Question q : Question.values()) {
      try {
        answers.add(AnswerFiles.fromJson(q.id(), q.text(), q.schema().getFieldNames(), AnswerSink.read(root, q.id() + ".json")));
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
        ? options.getInput() : options.getOutput();
  }

}
