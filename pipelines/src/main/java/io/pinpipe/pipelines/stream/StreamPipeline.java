package io.pinpipe.pipelines.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.pinpipe.iceberg.AddEventTime;
import io.pinpipe.iceberg.AppendPanes;
import io.pinpipe.iceberg.WriteDataFiles;
import io.pinpipe.iceberg.WrittenFile;
import io.pinpipe.options.Choices;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.DeadLetterRows;
import io.pinpipe.pipelines.io.InputPositions;
import io.pinpipe.pipelines.io.KafkaTableSource;
import io.pinpipe.pipelines.io.KinesisTableSource;
import io.pinpipe.pipelines.io.Lake;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.io.OutputPaths;
import io.pinpipe.pipelines.io.OutputRoot;
import io.pinpipe.pipelines.io.RawRecordSource;
import io.pinpipe.pipelines.io.WriteCuratedShards;
import io.pinpipe.pipelines.io.WriteDeadLetterFiles;
import io.pinpipe.pipelines.options.DurationOption;
import io.pinpipe.pipelines.options.FlinkStateBackend;
import io.pinpipe.pipelines.options.FlinkStreamingDefaults;
import io.pinpipe.pipelines.options.KafkaClientProperties;
import io.pinpipe.pipelines.options.KafkaSourceOptions;
import io.pinpipe.pipelines.options.OutputOptions;
import io.pinpipe.pipelines.options.TopicPrefix;
import io.pinpipe.pipelines.report.PipelineRunner;
import io.pinpipe.transforms.DistinctInGroups;
import io.pinpipe.transforms.GroupByShard;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.streaming.CurateStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.catalog.TableIdentifier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * The speed layer, {@code stream}: the three topics → the same cleaning as {@code clean},
 * de-duplicated within a horizon of event time → fixed event-time windows, each fired pane appended
 * once to the speed table {@code <namespace>.<table>_stream} (rows with their event time) and the
 * dead-letter table. With {@code --outputFormat=parquet,jsonl} also exported as files under {@code
 * <output>/curated-stream/<table>/window-<start>-<end>/pane-PPP-part-SSSSS-of-NNNNN.{parquet,jsonl}},
 * dead letters under {@code <output>/dead-letter/<table>/window-.../}. Runs until stopped.
 *
 * <pre>
 * bin/pinpipe stream --source=kafka --kafkaBootstrap=127.0.0.1:19092 --output=s3://bucket/lake --window=60s
 * </pre>
 */
public final class StreamPipeline {
  public static final String NAME = "stream";

  /** Options of {@code stream}. */
  public interface Options extends KafkaSourceOptions, OutputOptions, S3Options, StreamingOptions {
    @Description(
        "Where events come from: kafka (topics <topicPrefix>.{pin,geo,user}) or kinesis "
            + "(streams streaming-<topicPrefix>-{pin,geo,user}).")
    @Default.Enum("KAFKA")
    Source getSource();

    void setSource(Source value);

    @Description(
        "Flink: the savepoint to restore from (Flink's own option, named here so that stream knows "
            + "the read resumes from the savepoint's positions, not from the committed windows).")
    String getSavepointPath();

    void setSavepointPath(String value);

    @Description("Length of the fixed event-time windows, e.g. 60s.")
    @Default.String("60s")
    String getWindow();

    void setWindow(String value);

    @Description(
        "How late (in event time) a record may arrive and still land, in a late pane of its window.")
    @Default.String("0s")
    String getAllowedLateness();

    void setAllowedLateness(String value);

    @Description("Duplicates are dropped within this much event time (cleaning.md §5).")
    @Default.String("10m")
    String getDedupHorizon();

    void setDedupHorizon(String value);

    @Description(
        "Kafka: how far event time may run behind the newest record before the watermark passes it. "
            + "Kinesis: how long a shard read to its end may stay quiet before its watermark "
            + "follows the clock.")
    @Default.String("5s")
    String getMaxDelay();

    void setMaxDelay(String value);

    @Description(
        "Kafka: how often each topic's partitions are listed, so that a partition added while the "
            + "job runs is read from its first record on; 0s: not listed (a new partition is read "
            + "after a restart). Keep it below --maxDelay: records of a partition found later than "
            + "that after they were written may be late.")
    @Default.String("1s")
    String getPartitionDiscoveryInterval();

    void setPartitionDiscoveryInterval(String value);

    @Description(
        "Kinesis endpoint for a Kinesis-compatible server, e.g. http://127.0.0.1:4568 (AWS by default).")
    String getKinesisEndpoint();

    void setKinesisEndpoint(String value);

    @Description(
        "Where a Kinesis read starts when it has no checkpoint: trim_horizon (oldest, like the "
            + "original's 'earliest') or latest.")
    @Default.Enum("TRIM_HORIZON")
    InitialPosition getInitialPosition();

    void setInitialPosition(InitialPosition value);
  }

  /** The values of {@code --source}. */
  public enum Source {
    KAFKA,
    KINESIS;

    @JsonCreator
    public static Source of(String text) {
      return Choices.of(Source.class, text);
    }
  }

  /** The values of {@code --initialPosition}: Kinesis' own names, in any case. */
  public enum InitialPosition {
    TRIM_HORIZON(InitialPositionInStream.TRIM_HORIZON),
    LATEST(InitialPositionInStream.LATEST);

    final InitialPositionInStream kinesis;

    InitialPosition(InitialPositionInStream kinesis) {
      this.kinesis = kinesis;
    }

    @JsonCreator
    public static InitialPosition of(String text) {
      return Choices.of(InitialPosition.class, text);
    }
  }

  private StreamPipeline() {}

  public static void main(String[] args) {
    Cli.main(NAME, FlinkStreamingDefaults.apply(args), Options.class, StreamPipeline::run);
  }

  /** Builds the graph and runs it until it is cancelled (Ctrl-C) or fails. */
  public static void run(Options options) {
    Pipeline pipeline = Pipeline.create(options);
    buildPipeline(pipeline, options);
    PipelineRunner.runToCompletion(pipeline, System.err);
  }

  /**
   * Beam 2.70's Spark runner runs unbounded pipelines on Spark Streaming without event-time timers
   * in stateful steps; the de-duplication needs them, and the run would fail only once Spark has
   * started ("EVENT_TIME not yet supported in streaming mode"). Refused up front, in one line.
   */
  private static void refuseRunnersWithoutEventTimeTimers(Options options) {
    if (options.getRunner().getName().startsWith("org.apache.beam.runners.spark.")) {
      throw new InvalidOptionException(
          "runner",
          "stream cannot run on "
              + options.getRunner().getSimpleName()
              + ": Beam 2.70's Spark runner has no event-time timers in streaming mode, which the"
              + " de-duplication needs; use FlinkRunner (or DirectRunner to try it out)");
    }
  }

  private static RawRecordSource source(Options options, Duration maxDelay) {
    if (options.getSource() == Source.KAFKA) {
      String bootstrap =
          InvalidOptionException.required(
              "kafkaBootstrap", options.getKafkaBootstrap(), "host:port of a Kafka broker");
      return new KafkaTableSource(
          bootstrap,
          options.getTopicPrefix(),
          maxDelay,
          DurationOption.parse(
              "partitionDiscoveryInterval", options.getPartitionDiscoveryInterval(), true),
          KafkaClientProperties.load(options.getKafkaPropertiesFile()));
    }
    URI endpoint = null;
    if (options.getKinesisEndpoint() != null && !options.getKinesisEndpoint().isBlank()) {
      try {
        endpoint = new URI(options.getKinesisEndpoint());
      } catch (URISyntaxException e) {
        throw new InvalidOptionException(
            "kinesisEndpoint", "not a URI: " + options.getKinesisEndpoint());
      }
    }
    return new KinesisTableSource(
        options.getTopicPrefix(), endpoint, options.getInitialPosition().kinesis, maxDelay);
  }

  /** Validates the options and builds the streaming graph. */
  public static void buildPipeline(Pipeline pipeline, Options options) {
    buildPipeline(pipeline, options, null);
  }

  /**
   * The same graph with {@code afterRead} applied to each table's raw records (step {@code
   * AfterRead<Table>}): the seam where fault-tolerance tests inject a failing step.
   */
  public static void buildPipeline(
      Pipeline pipeline,
      Options options,
      @Nullable Function<Table, PTransform<? super PCollection<RawRecord>, PCollection<RawRecord>>>
          afterRead) {
    refuseRunnersWithoutEventTimeTimers(options);
    FlinkStateBackend.check(options);
    String output =
        OutputRoot.writable(
            options, options.getOutput(), "an output root: a folder or s3://bucket/prefix");
    Set<OutputFormat> formats = OutputFormat.parseList("outputFormat", options.getOutputFormat());
    int shards = options.getNumShards();
    if (shards < 1) {
      throw new InvalidOptionException("numShards", "must be at least 1");
    }
    TopicPrefix.validated(options.getTopicPrefix());
    Duration window = DurationOption.parse("window", options.getWindow(), false);
    Duration lateness = DurationOption.parse("allowedLateness", options.getAllowedLateness(), true);
    Duration horizon = DurationOption.parse("dedupHorizon", options.getDedupHorizon(), false);
    Duration maxDelay = DurationOption.parse("maxDelay", options.getMaxDelay(), true);
    options.setStreaming(true);

    RawRecordSource source = source(options, maxDelay);
    Lake lake = null;
    if (formats.contains(OutputFormat.ICEBERG)) {
      lake = Lake.from(options, output);
      lake.prepare();
      if (options.getSavepointPath() == null || options.getSavepointPath().isBlank()) {
        // A fresh start: from shortly before the last committed windows, not the whole retention.
        source =
            source.resumingFrom(
                output + " " + lake.tables.speedTable(Table.PIN),
                StreamResume.from(lake, window, horizon, lateness));
      }
    }
    Set<OutputFormat> files = EnumSet.noneOf(OutputFormat.class);
    formats.stream().filter(OutputFormat::isFile).forEach(files::add);
    for (Table table : Table.values()) {
      String name = table.stepName();
      PCollection<RawRecord> raw = pipeline.apply("Read" + name, source.read(table));
      if (afterRead != null) {
        raw = raw.apply("AfterRead" + name, afterRead.apply(table));
      }
      CurateStream clean =
          CurateStream.of(table, NAME)
              .withWindow(window)
              .withAllowedLateness(lateness)
              .withDedupHorizon(horizon);
      PCollectionTuple cleaned = raw.apply("Clean" + name, clean);
      PCollection<Row> curated = cleaned.get(CurateStream.CURATED);
      PCollection<DeadLetter> deadLetters = cleaned.get(CurateStream.DEAD_LETTERS);
      // The speed table's rows carry the event time they were windowed by.
      PCollection<Row> paneRows =
          lake != null ? curated.apply("AddEventTime" + name, AddEventTime.of(table)) : curated;
      if (lake != null) {
        // A data file per shard, written as the pane's rows arrive, then one append of them all.
        TableIdentifier speed = lake.tables.speedTable(table);
        PCollection<WrittenFile> speedFiles =
            paneRows.apply(
                "WriteSpeedFiles" + name,
                WriteDataFiles.perPaneAsRowsArrive(lake.catalog, speed, table, table.id(), shards));
        // The last offsets (sequence numbers) of the pane's window, for its snapshot summary.
        PCollection<WrittenFile> positions =
            raw.apply("PaneWindows" + name, clean.<RawRecord>windowing())
                .apply("PanePositions" + name, InputPositions.forTable(speed));
        PCollectionList.of(speedFiles)
            .and(positions)
            .apply("SpeedPane" + name, Flatten.pCollections())
            .apply(
                "AppendSpeedPane" + name,
                AppendPanes.to(lake.catalog, speed, NAME)
                    .resumingWithin(StreamResume.replay(horizon, lateness)));
        deadLetters
            .apply("DeadLetterRows" + name, DeadLetterRows.of())
            .apply("GroupDeadLetters" + name, DeadLetterRows.groupBySource(shards))
            .apply(
                "WriteDeadLetterFiles" + name,
                WriteDataFiles.perPane(
                    lake.catalog, lake.tables.deadLetters(), table.id(), List.of(NAME, table.id())))
            .apply(
                "AppendDeadLetterPane" + name,
                AppendPanes.to(lake.catalog, lake.tables.deadLetters(), NAME));
      }
      if (!files.isEmpty()) {
        // Each fired pane grouped into shards, for the export's files.
        PCollection<KV<Integer, Iterable<Row>>> shardGroups =
            paneRows
                .apply(
                    "GroupByShard" + name,
                    GroupByShard.of(paneRows.getSchema(), shards).inBundleBatches())
                .apply("DistinctInPane" + name, DistinctInGroups.of(table));
        shardGroups.apply(
            "WriteCurated" + name,
            WriteCuratedShards.toDirectory(
                table, OutputPaths.curatedStream(output, table), files, shards));
        deadLetters.apply(
            "WriteDeadLetters" + name, WriteDeadLetterFiles.of(table, output, shards));
      }
    }
  }
}
