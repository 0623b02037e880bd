package io.pinpipe.bench;

import io.pinpipe.pipelines.options.DurationOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link StreamFreshness}: its own {@code --name=value} options, then {@code
 * --} and the command that starts the {@code stream} pipeline (which must read {@code topicPrefix}
 * from {@code kafkaBootstrap} and write to {@code output}, as given here). With {@code serveUrl}, a
 * {@code serve} running there over the same lake (speed tables {@code <table><speedSuffix>}) is
 * measured too: how soon it answers with the produced rows, and its request latency under {@code
 * clients} readers asking {@code requests} times a second in all.
 */
record StreamSettings(
    String label,
    String runner,
    long eventsPerSecond,
    long seconds,
    long warmupSeconds,
    long windowMillis,
    String kafkaBootstrap,
    String topicPrefix,
    int partitions,
    Path output,
    boolean watchTables,
    long seed,
    Path log,
    Path gcLog,
    String heapCap,
    Path tsv,
    String serveUrl,
    String speedSuffix,
    int clients,
    long requestsPerSecond,
    List<String> pipelineCommand) {

  private static final List<String> OPTIONS =
      List.of(
          "label",
          "runner",
          "rate",
          "seconds",
          "warmup",
          "window",
          "kafkaBootstrap",
          "topicPrefix",
          "partitions",
          "output",
          "watch",
          "seed",
          "log",
          "gcLog",
          "heap",
          "tsv",
          "serveUrl",
          "speedSuffix",
          "clients",
          "requests");

  /**
   * Seconds at the measured rate before measuring, so JIT compilation and the backlog it leaves are
   * not counted.
   */
  static final long DEFAULT_WARMUP_SECONDS = 20;

  static StreamSettings parse(String[] args) {
    int separator = Arrays.asList(args).indexOf("--");
    if (separator < 0 || separator == args.length - 1) {
      throw new IllegalArgumentException(
          "expected the options, then -- and the command that starts the stream pipeline");
    }
    Map<String, String> o = BenchOptions.parse(Arrays.copyOfRange(args, 0, separator), OPTIONS);
    return new StreamSettings(
        o.getOrDefault("label", "stream"),
        BenchOptions.required(o, "runner"),
        positive("rate", BenchOptions.required(o, "rate")),
        positive("seconds", BenchOptions.required(o, "seconds")),
        atLeastZero("warmup", o.getOrDefault("warmup", Long.toString(DEFAULT_WARMUP_SECONDS))),
        DurationOption.parse("window", BenchOptions.required(o, "window"), false).getMillis(),
        BenchOptions.required(o, "kafkaBootstrap"),
        BenchOptions.required(o, "topicPrefix"),
        (int) positive("partitions", o.getOrDefault("partitions", "1")),
        Path.of(BenchOptions.required(o, "output")),
        watchTables(o.getOrDefault("watch", "files")),
        Long.parseLong(o.getOrDefault("seed", "1")),
        Path.of(BenchOptions.required(o, "log")),
        Path.of(BenchOptions.required(o, "gcLog")),
        o.getOrDefault("heap", "-"),
        o.containsKey("tsv") ? Path.of(o.get("tsv")) : null,
        o.get("serveUrl"),
        o.getOrDefault("speedSuffix", "_stream"),
        (int) positive("clients", o.getOrDefault("clients", "2")),
        positive("requests", o.getOrDefault("requests", "50")),
        List.of(Arrays.copyOfRange(args, separator + 1, args.length)));
  }

  /** {@code --watch}: where rows count as visible, {@code tables} or {@code files}. */
  static boolean watchTables(String text) {
    switch (text) {
      case "tables":
        return true;
      case "files":
        return false;
      default:
        throw new IllegalArgumentException("--watch: expected tables or files, got '" + text + "'");
    }
  }

  private static long positive(String option, String text) {
    long value = wholeNumber(option, text);
    if (value < 1) {
      throw new IllegalArgumentException("--" + option + ": must be at least 1, got " + value);
    }
    return value;
  }

  private static long atLeastZero(String option, String text) {
    long value = wholeNumber(option, text);
    if (value < 0) {
      throw new IllegalArgumentException("--" + option + ": must be 0 or more, got " + value);
    }
    return value;
  }

  private static long wholeNumber(String option, String text) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + option + ": expected a whole number, got '" + text + "'");
    }
    return value;
  }
}
