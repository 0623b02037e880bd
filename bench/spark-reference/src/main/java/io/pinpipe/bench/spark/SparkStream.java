package io.pinpipe.bench.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * {@code stream} as Spark Structured Streaming, the engine the original project streamed with: the
 * topics {@code <topicPrefix>.{pin,geo,user}} from the earliest offset → the cleaning of {@link
 * SparkClean#check} (the batch reference's column expressions, not a copy) → de-duplication within
 * a horizon of event time → JSON Lines files, curated rows and dead letters, in the layout {@code
 * pinpipe stream --outputFormat=jsonl} writes and bin/pinpipe-bench's watcher reads.
 *
 * <ul>
 *   <li>Event time is the Kafka record's timestamp, as in pinpipe's KafkaTableSource.
 *   <li>De-duplication (cleaning.md §5): {@code withWatermark(event time, horizon)} then {@code
 *       dropDuplicatesWithinWatermark}. A row is emitted when first seen and its key kept until the
 *       watermark passes its event time + the horizon. In Spark the watermark delay is that horizon
 *       (it is the only setting the operator reads), so {@code --dedupHorizon} defaults to 10m,
 *       pinpipe's {@code --dedupHorizon} default; nothing else here waits for the watermark (no
 *       windows), so it delays no output. The key is the row's JSON line, which is a function of
 *       exactly its curated columns, so distinct rows are distinct lines, as {@code
 *       dropDuplicates()} over the columns; dead letters carry their source
 *       (topic/partition/offset) and are never dropped. One operator over the three tables (the
 *       table is part of the key): a Kafka source per topic, read once per micro-batch.
 *   <li>Output: Structured Streaming has no event-time windows to fire here, so what a micro-batch
 *       adds is the unit of output, as a window pane is pinpipe's: {@code foreachBatch} writes it
 *       with one Spark write (partitioned by kind and table) into a scratch folder, then renames
 *       each part file to {@code
 *       <output>/{curated-stream,dead-letter}/<table>/window-batch-<id>/part-i-of-n.jsonl}. The
 *       rename is atomic, so a visible file is complete. A micro-batch replayed after a failure has
 *       the same id and the same offsets, so it rewrites the same names (cleaning.md §6).
 * </ul>
 *
 * <p>{@code --trigger=available-now} processes what the topics hold when the query starts and stops
 * (catch-up); an interval ({@code 1s}, {@code 500ms}) runs until stopped.
 */
final class SparkStream {
  static final String CURATED = "curated-stream";
  static final String DEAD_LETTER = "dead-letter";

  private SparkStream() {}

  static void run(
      SparkSession spark,
      String bootstrap,
      String prefix,
      Path output,
      Path checkpoint,
      String trigger,
      String dedupHorizon)
      throws Exception {
    String failedAt = Instant.now().toString();
    Dataset<Row> all = null;
    for (String table : SparkClean.TABLES) {
      Dataset<Row> records =
          spark
              .readStream()
              .format("kafka")
              .option("kafka.bootstrap.servers", bootstrap)
              .option("subscribe", prefix + "." + table)
              .option("startingOffsets", "earliest")
              .load();
      Dataset<Row> lines =
          records.select(
              // A record without a value is an empty record (a dead letter), as in pinpipe.
              coalesce(col("value").cast("string"), lit("")).as("line"),
              concat(
                      lit("kafka:"),
                      col("topic"),
                      lit("/"),
                      col("partition"),
                      lit("/"),
                      col("offset"))
                  .as("source"),
              col("timestamp").as("event_time"));
      Dataset<Row> checked = SparkClean.check(table, lines);
      Column curated = col("error").isNull();
      Dataset<Row> out =
          checked.select(
              when(curated, lit(CURATED)).otherwise(lit(DEAD_LETTER)).as("kind"),
              lit(table).as("table"),
              when(curated, SparkClean.jsonLineText(table))
                  .otherwise(SparkClean.deadLetterLine(table, failedAt))
                  .as("value"),
              col("event_time"));
      all = all == null ? out : all.union(out);
    }
    Dataset<Row> distinct =
        all.withWatermark("event_time", sparkInterval(dedupHorizon))
            .dropDuplicatesWithinWatermark("kind", "table", "value")
            .select("kind", "table", "value");

    spark.streams().addListener(new ProgressLines());
    StreamingQuery query =
        distinct
            .writeStream()
            .queryName("pinpipe-spark-reference-stream")
            .option("checkpointLocation", checkpoint.toString())
            .trigger(trigger(trigger))
            .foreachBatch(
                (VoidFunction2<Dataset<Row>, Long>) (batch, id) -> writeBatch(batch, id, output))
            .start();
    query.awaitTermination();
  }

  /** {@code available-now}, or a processing-time interval such as {@code 1s} or {@code 500ms}. */
  static Trigger trigger(String text) {
    if (text.equals("available-now")) {
      return Trigger.AvailableNow();
    }
    return Trigger.ProcessingTime(millis("trigger", text), TimeUnit.MILLISECONDS);
  }

  /** {@code 10m}, {@code 1s}, {@code 500ms} (pinpipe's duration options) in milliseconds. */
  static long millis(String option, String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)").matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--" + option + ": expected a duration such as 1s, 500ms or 10m, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return n;
      case "s":
        return TimeUnit.SECONDS.toMillis(n);
      case "m":
        return TimeUnit.MINUTES.toMillis(n);
      default:
        return TimeUnit.HOURS.toMillis(n);
    }
  }

  private static String sparkInterval(String duration) {
    return millis("dedupHorizon", duration) + " milliseconds";
  }

  /**
   * Writes one micro-batch: one Spark job into {@code <output>/.spark-scratch/batch-<id>}, then
   * each part file renamed into its window folder (complete when visible).
   */
  static void writeBatch(Dataset<Row> batch, long id, Path output) throws IOException {
    Path scratch = output.resolve(".spark-scratch").resolve("batch-" + id);
    SparkClean.deleteTree(scratch);
    // One action only: the batch is the stateful operator's output, computed once.
    batch.write().partitionBy("kind", "table").text(scratch.toString());
    for (String kind : List.of(CURATED, DEAD_LETTER)) {
      for (String table : SparkClean.TABLES) {
        Path written = scratch.resolve("kind=" + kind).resolve("table=" + table);
        if (!Files.isDirectory(written)) {
          continue;
        }
        List<Path> parts;
        try (Stream<Path> files = Files.list(written)) {
          parts =
              files
                  .filter(p -> p.getFileName().toString().startsWith("part-"))
                  .sorted()
                  .collect(Collectors.toList());
        }
        Path window =
            output.resolve(kind).resolve(table).resolve(String.format("window-batch-%08d", id));
        Files.createDirectories(window);
        for (int i = 0; i < parts.size(); i++) {
          Files.move(
              parts.get(i),
              window.resolve(String.format("part-%05d-of-%05d.jsonl", i, parts.size())),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    SparkClean.deleteTree(scratch);
  }

  /** One line per micro-batch: rows read and where its time went (the log is the job's record). */
  private static final class ProgressLines extends StreamingQueryListener {
    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      var p = event.progress();
      System.out.printf(
          Locale.ROOT,
          "batch %d: %d input rows, %.0f rows/s processed, durations %s%n",
          p.batchId(),
          p.numInputRows(),
          p.processedRowsPerSecond(),
          p.durationMs());
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}
