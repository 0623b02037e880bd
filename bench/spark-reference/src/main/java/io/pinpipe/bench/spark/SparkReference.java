package io.pinpipe.bench.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job pinpipe's batch layer replaces, as a yardstick: {@code clean} (raw landing objects
 * → curated JSON Lines and Parquet + dead letters, as {@code pinpipe clean
 * --outputFormat=parquet,jsonl}) and {@code analytics} (q1–q8 over curated output, as {@code
 * pinpipe analytics}).
 *
 * <pre>
 * java ${spark.add-opens} -cp target/classes:$(cat target/spark-classpath.txt) io.pinpipe.bench.spark.SparkReference \
 *     clean --input=&lt;landing root&gt; --output=&lt;root&gt; [--cores=N] [--outputFormat=parquet,jsonl] [--topicPrefix=pinpipe]
 * ... SparkReference analytics --input=&lt;root holding curated/&gt; --output=&lt;root&gt; [--cores=N] [--inputFormat=parquet|jsonl]
 * ... SparkReference stream --kafkaBootstrap=H:P --output=&lt;root&gt; [--topicPrefix=pinpipe] [--cores=N]
 *     [--trigger=available-now|1s] [--dedupHorizon=10m] [--checkpoint=&lt;output&gt;/.spark-checkpoint]
 * </pre>
 *
 * {@code stream} is the speed layer as Spark Structured Streaming ({@link SparkStream}): Kafka →
 * the same cleaning → de-duplication → JSON Lines per micro-batch, as {@code pinpipe stream
 * --outputFormat=jsonl} lays them out.
 *
 * <p>Both run on {@code local[cores]} (default: all cores) and print what pinpipe's pipelines print
 * (the counts table; the answers' row counts), so bin/pinpipe-bench checks them the same way.
 */
public final class SparkReference {
  private SparkReference() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "usage: SparkReference clean|analytics|stream --input=... --output=... [--cores=N]");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    int cores =
        Integer.parseInt(
            options.getOrDefault(
                "cores", Integer.toString(Runtime.getRuntime().availableProcessors())));
    long started = System.nanoTime();
    SparkSession spark = session(cores);
    try {
      switch (args[0]) {
        case "clean":
          SparkClean.run(
              spark,
              required(options, "input"),
              required(options, "output"),
              options.getOrDefault("topicPrefix", "pinpipe"),
              options.getOrDefault("outputFormat", "parquet,jsonl"));
          break;
        case "stream":
          known(
              options,
              "kafkaBootstrap",
              "topicPrefix",
              "output",
              "cores",
              "trigger",
              "dedupHorizon",
              "checkpoint");
          String output = required(options, "output");
          SparkStream.run(
              spark,
              required(options, "kafkaBootstrap"),
              options.getOrDefault("topicPrefix", "pinpipe"),
              java.nio.file.Path.of(output),
              java.nio.file.Path.of(
                  options.getOrDefault(
                      "checkpoint", java.nio.file.Path.of(output, ".spark-checkpoint").toString())),
              options.getOrDefault("trigger", "1s"),
              options.getOrDefault("dedupHorizon", "10m"));
          break;
        case "analytics":
          SparkAnalytics.run(
              spark,
              required(options, "input"),
              required(options, "output"),
              options.getOrDefault("inputFormat", "parquet"));
          break;
        default:
          throw new IllegalArgumentException(
              "unknown command " + args[0] + ": expected clean, analytics or stream");
      }
    } finally {
      spark.stop();
    }
    System.out.printf("Done in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  static SparkSession session(int cores) {
    return SparkSession.builder()
        .appName("pinpipe-spark-reference")
        .master("local[" + cores + "]")
        // Loopback only, no web UI, no Hive metastore: a local batch job, nothing else.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.catalogImplementation", "in-memory")
        // Years, timestamps without a zone and the written instants are UTC (cleaning.md §1,
        // analytics.md).
        .config("spark.sql.session.timeZone", "UTC")
        // Two shuffle partitions per core (AQE may merge them): 200 tiny tasks would only measure
        // task start-up.
        .config("spark.sql.shuffle.partitions", Integer.toString(2 * cores))
        // Overflowing casts give null (then a dead letter), as in the original's Spark 3 default.
        .config("spark.sql.ansi.enabled", "false")
        // A record with a key twice is a dead letter found before any map of it is built; never
        // fail the job on one.
        .config("spark.sql.mapKeyDedupPolicy", "LAST_WIN")
        // No _SUCCESS and .crc files among the output: the bench and the tests count the part
        // files.
        .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        // Instants as they are (proleptic Gregorian, as java.time and pinpipe's files), not rebased
        // for Spark 2.
        .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
        .getOrCreate();
  }

  /** Fails on an option the command does not have, instead of ignoring it. */
  private static void known(Map<String, String> options, String... names) {
    for (String name : options.keySet()) {
      if (!java.util.Arrays.asList(names).contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + ": expected one of --" + String.join(", --", names));
      }
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
