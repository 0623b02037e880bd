package io.pinpipe.pipelines.cli;

import io.pinpipe.iceberg.CommitRefused;
import io.pinpipe.options.InvalidOptionException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The command-line contract shared by every pipeline: {@code --help} prints the options, a bad
 * option prints one line naming it and exits 2, a failed run exits 1.
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_OPTIONS = 2;

  private Cli() {}

  /**
   * What a command's {@code main} does: parses {@code args} into {@code optionsClass}, runs {@code
   * run} and exits with the code of {@link #execute}.
   */
  public static <T extends PipelineOptions> void main(
      String command, String[] args, Class<T> optionsClass, Consumer<T> run) {
    System.exit(execute(command, args, optionsClass, run, System.out, System.err));
  }

  /** Parses {@code args} into {@code optionsClass} and runs {@code run}; returns the exit code. */
  public static <T extends PipelineOptions> int execute(
      String command,
      String[] args,
      Class<T> optionsClass,
      Consumer<T> run,
      PrintStream out,
      PrintStream err) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      OptionsHelp.print(command, optionsClass, out);
      return OK;
    }
    T options;
    try {
      // Not registered with PipelineOptionsFactory: registering makes Beam check every command's
      // options against each other JVM-wide, so two commands could not both have a --source.
      options = PipelineOptionsFactory.fromArgs(args).as(optionsClass);
    } catch (IllegalArgumentException e) {
      String choice = choiceProblem(e.getMessage());
      if (choice != null) {
        // The value of an enum option: the message already lists what the option takes.
        err.println("pinpipe " + command + ": " + culprit(args, optionsClass) + choice);
        return BAD_OPTIONS;
      }
      err.println(
          "pinpipe "
              + command
              + ": "
              + culprit(args, optionsClass)
              + firstLine(e.getMessage())
              + " (see pinpipe "
              + command
              + " --help)");
      return BAD_OPTIONS;
    }
    try {
      run.accept(options);
      return OK;
    } catch (InvalidOptionException e) {
      err.println("pinpipe " + command + ": " + e.getMessage());
      return BAD_OPTIONS;
    } catch (RuntimeException e) {
      // A refused commit is the user's call to make (an option), however the runner wrapped it.
      String refusal = CommitRefused.find(e);
      if (refusal != null) {
        err.println("pinpipe " + command + ": " + refusal);
        return BAD_OPTIONS;
      }
      if (e instanceof PipelineExecutionException) {
        err.println(
            "pinpipe "
                + command
                + ": the pipeline failed: "
                + culpritSystem(e, options)
                + rootMessage(e));
      } else {
        err.println("pinpipe " + command + ": failed: " + rootMessage(e));
      }
      return FAILED;
    }
  }

  /**
   * Beam's messages for a value of the wrong type do not say which option it was; parsing the
   * arguments one at a time finds it.
   */
  private static String culprit(String[] args, Class<? extends PipelineOptions> optionsClass) {
    for (String arg : args) {
      try {
        PipelineOptionsFactory.fromArgs(arg).as(optionsClass);
      } catch (IllegalArgumentException e) {
        int equals = arg.indexOf('=');
        return (equals > 0 ? arg.substring(0, equals) : arg) + ": ";
      }
    }
    return "";
  }

  /**
   * A driver's exception (SQLNonTransientConnectionException: Socket fail to connect ...) does not
   * say that the source database is what went away, and the AWS SDK's (Could not parse XML
   * response, when S3 goes away mid-response) does not say which service or endpoint; this prefix
   * does.
   */
  private static String culpritSystem(Throwable e, PipelineOptions options) {
    for (Throwable cause = e;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof java.sql.SQLException) {
        return "the source database failed: ";
      }
      if (cause instanceof SdkException) {
        String service = awsService(cause);
        if (service != null) {
          return service + " at " + awsEndpoint(options) + " failed: ";
        }
      }
    }
    return "";
  }

  /** The AWS service whose client threw {@code e}, from the client's frames on its stack. */
  private static @Nullable String awsService(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("software.amazon.awssdk.services.s3.")) {
        return "S3";
      }
      if (frame.getClassName().startsWith("software.amazon.awssdk.services.kinesis.")) {
        return "Kinesis";
      }
    }
    return null;
  }

  private static String awsEndpoint(PipelineOptions options) {
    AwsOptions aws = options.as(AwsOptions.class);
    if (aws.getEndpoint() != null) {
      return aws.getEndpoint().toString();
    }
    return aws.getAwsRegion() == null ? "AWS" : "AWS " + aws.getAwsRegion().id();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e
        ? String.valueOf(e.getMessage())
        : e.getMessage() + " (caused by " + root + ")";
  }

  /**
   * What an enum option's {@code Choices.of} said, from the message Beam passes on from Jackson
   * ("Cannot construct instance of `...`, problem: expected raw or jdbc, got 'ftp'"); else null.
   */
  private static @Nullable String choiceProblem(@Nullable String message) {
    Matcher m = CHOICE_PROBLEM.matcher(firstLine(message));
    return m.find() ? m.group(1) : null;
  }

  private static final Pattern CHOICE_PROBLEM =
      Pattern.compile("^Cannot construct instance of `[^`]+`, problem: (expected .*)$");

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid options";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
