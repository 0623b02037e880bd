package io.pinpipe.pipelines.land;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.pinpipe.options.Choices;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.KafkaPartitions;
import io.pinpipe.pipelines.io.LandingObjects;
import io.pinpipe.pipelines.io.OutputRoot;
import io.pinpipe.pipelines.io.StreamLandingObjects;
import io.pinpipe.pipelines.io.WriteLandingObjects;
import io.pinpipe.pipelines.options.DurationOption;
import io.pinpipe.pipelines.options.FlinkStreamingDefaults;
import io.pinpipe.pipelines.options.KafkaClientProperties;
import io.pinpipe.pipelines.options.KafkaSourceOptions;
import io.pinpipe.pipelines.options.OutputRootOptions;
import io.pinpipe.pipelines.options.TopicPrefix;
import io.pinpipe.pipelines.report.PipelineRunner;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaSourceDescriptor;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code land} pipeline: Kafka topics → raw landing objects in the Confluent S3 sink layout
 * (wire-formats.md §4), the batch layer's landing zone.
 *
 * <p>{@code --mode=batch} reads every partition from the offset after the last landed record (found
 * from the objects already in the landing zone) up to the end offsets at start, then stops: the
 * daily batch. A re-run with no new records writes nothing; new records become new objects. {@code
 * --mode=stream} runs until stopped, writing an object when it is full or old enough; a restart
 * resumes from the landing zone, completing the newest object if it was not full.
 *
 * <pre>
 * bin/pinpipe land --kafkaBootstrap=127.0.0.1:19092 --output=s3://bucket/landing
 * </pre>
 */
public final class LandPipeline {
  public static final String NAME = "land";

  /** Options of {@code land}. */
  public interface Options extends KafkaSourceOptions, OutputRootOptions, S3Options {
    @Description(
        "batch: land everything up to the end offsets at start, then stop (the daily batch). "
            + "stream: land continuously until stopped.")
    @Default.Enum("BATCH")
    Mode getMode();

    void setMode(Mode value);

    @Description(
        "Records per landing object (like the S3 sink's flush.size); the last object of a run may hold fewer.")
    @Default.Integer(1000)
    int getRecordsPerObject();

    void setRecordsPerObject(int value);

    @Description(
        "stream mode: an object is written when its first record is this old, even if not full "
            + "(like the S3 sink's rotate.interval.ms), then rewritten whole as its later records arrive. "
            + "A number with s, m or ms.")
    @Default.String("60s")
    String getMaxObjectAge();

    void setMaxObjectAge(String value);
  }

  /** The values of {@code --mode}. */
  public enum Mode {
    BATCH,
    STREAM;

    @JsonCreator
    public static Mode of(String text) {
      return Choices.of(Mode.class, text);
    }
  }

  /** What one run landed. */
  public static final class Result {
    public final long recordsLanded;
    public final long objectsWritten;
    public final long notJsonObjects;

    Result(long recordsLanded, long objectsWritten, long notJsonObjects) {
      this.recordsLanded = recordsLanded;
      this.objectsWritten = objectsWritten;
      this.notJsonObjects = notJsonObjects;
    }
  }

  private LandPipeline() {}

  public static void main(String[] args) {
    // Only the stream mode runs unbounded; a bounded Flink job needs no checkpoints to be exact.
    String[] withDefaults =
        Arrays.stream(args).anyMatch(arg -> arg.equalsIgnoreCase("--mode=stream"))
            ? FlinkStreamingDefaults.apply(args)
            : args;
    Cli.main(NAME, withDefaults, Options.class, LandPipeline::runAndPrint);
  }

  private static void runAndPrint(Options options) {
    Result result = run(options);
    System.out.printf(
        "landed %d records in %d objects (%d not JSON objects) under %s/topics/%n",
        result.recordsLanded, result.objectsWritten, result.notJsonObjects, options.getOutput());
  }

  public static Result run(Options options) {
    Pipeline pipeline = Pipeline.create(options);
    if (!buildPipeline(pipeline, options)) {
      return new Result(0, 0, 0);
    }
    PipelineResult result = PipelineRunner.runToCompletion(pipeline, System.err);
    return new Result(
        TableCounters.value(result, "pinpipe.land", "records_landed"),
        TableCounters.value(result, "pinpipe.land", "objects_written"),
        TableCounters.value(result, "pinpipe.land", "not_json_objects"));
  }

  /**
   * Validates the options, asks Kafka for its partitions and the landing zone for what has landed,
   * and builds the graph; false when a batch run has nothing to land.
   */
  public static boolean buildPipeline(Pipeline pipeline, Options options) {
    String bootstrap =
        InvalidOptionException.required(
            "kafkaBootstrap", options.getKafkaBootstrap(), "host:port of a Kafka broker");
    Map<String, Object> clientSettings =
        KafkaClientProperties.load(options.getKafkaPropertiesFile());
    String output =
        OutputRoot.writable(
            options, options.getOutput(), "the landing zone root: a folder or s3://bucket/prefix");
    boolean stream = options.getMode() == Mode.STREAM;
    int perObject = options.getRecordsPerObject();
    if (perObject < 1) {
      throw new InvalidOptionException("recordsPerObject", "must be at least 1");
    }
    org.joda.time.Duration maxAge =
        DurationOption.parse("maxObjectAge", options.getMaxObjectAge(), false);

    Map<String, Long> runStart = new HashMap<>();
    List<KafkaSourceDescriptor> reads = new ArrayList<>();
    for (KafkaPartitions.Range range :
        KafkaPartitions.of(bootstrap, topics(options), Duration.ofSeconds(30), clientSettings)) {
      String topic = range.partition.topic();
      int partition = range.partition.partition();
      long[] newest;
      try {
        newest = LandingObjects.newest(output, topic, partition);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the landing zone at " + output, e);
      }
      long next = newest == null ? range.beginning : newest[0] + newest[1];
      // A stream run completes the newest object if it is not full; a batch run only adds objects.
      long start =
          Math.max(
              range.beginning,
              stream && newest != null && newest[1] < perObject ? newest[0] : next);
      if (stream || start < range.end) {
        runStart.put(WriteLandingObjects.partitionKey(topic, partition), start);
        reads.add(
            KafkaSourceDescriptor.of(
                range.partition, start, null, stream ? null : range.end, null, List.of(bootstrap)));
      }
    }
    if (reads.isEmpty()) {
      return false;
    }
    PCollection<KafkaRecord<byte[], byte[]>> records =
        pipeline
            .apply("PartitionRanges", Create.of(reads))
            .apply(
                "ReadKafka",
                KafkaIO.<byte[], byte[]>readSourceDescriptors()
                    .withBootstrapServers(bootstrap)
                    .withKeyDeserializer(ByteArrayDeserializer.class)
                    .withValueDeserializer(ByteArrayDeserializer.class)
                    .withConsumerConfigUpdates(clientSettings));
    if (stream) {
      records.apply(
          "StreamLandingObjects", new StreamLandingObjects(output, runStart, perObject, maxAge));
    } else {
      records.apply("WriteLandingObjects", new WriteLandingObjects(output, runStart, perObject));
    }
    return true;
  }

  static List<String> topics(Options options) {
    if (options.getTopics() != null && !options.getTopics().isBlank()) {
      List<String> topics = new ArrayList<>();
      for (String topic : options.getTopics().split(",")) {
        if (!topic.isBlank()) {
          topics.add(topic.trim());
        }
      }
      return topics;
    }
    String prefix = TopicPrefix.validated(options.getTopicPrefix());
    return Table.topics(prefix);
  }
}
