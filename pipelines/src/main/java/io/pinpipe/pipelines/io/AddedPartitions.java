package io.pinpipe.pipelines.io;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaSourceDescriptor;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of the partitions added to a topic after launch: the topic's partitions are listed
 * every {@code interval}, and each one that was not there at launch is read from its first record
 * by KafkaIO's splittable read, with the same event time and idle rule as the launch partitions
 * ({@link CreateTimeWithIdlePartitions}).
 *
 * <p>Beam 2.70's KafkaIO discovers partitions itself only in {@code withDynamicRead}, which it
 * refuses outside the portable runners ("requires enabling experiment beam_fn_api"); its splittable
 * read of given partitions has no such limit, so the discovery is done here and only new partitions
 * take that path. The launch partitions stay on the unbounded-source read, which Beam's classic
 * Flink runner runs faster. The listing itself is an unbounded source too, not Beam's {@code
 * Watch}: on the classic Flink runner a job with a {@code Watch} per topic held every window back
 * for one to three minutes after its start in two runs of three.
 *
 * <p>A new partition's records are read as soon as it is found, and its watermark starts from them,
 * so they are on time as long as it is found within {@code maxDelay} of its first record (the
 * defaults: listed every 1 s, 5 s delay); a record whose window has fired by then is late like any
 * other late record.
 */
final class AddedPartitions extends PTransform<PBegin, PCollection<KafkaRecord<byte[], byte[]>>> {
  private final String bootstrap;
  private final String topic;
  private final TreeSet<Integer> atLaunch = new TreeSet<>();
  private final HashMap<String, Object> settings;
  private final Duration interval;
  private final Duration maxDelay;

  AddedPartitions(
      String bootstrap,
      String topic,
      List<TopicPartition> atLaunch,
      Map<String, Object> settings,
      Duration interval,
      Duration maxDelay) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    atLaunch.forEach(p -> this.atLaunch.add(p.partition()));
    this.settings = new HashMap<>(settings);
    this.interval = interval;
    this.maxDelay = maxDelay;
  }

  @Override
  public PCollection<KafkaRecord<byte[], byte[]>> expand(PBegin begin) {
    Coder<KafkaSourceDescriptor> descriptorCoder;
    try {
      descriptorCoder =
          begin.getPipeline().getSchemaRegistry().getSchemaCoder(KafkaSourceDescriptor.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("KafkaIO's KafkaSourceDescriptor has a schema", e);
    }
    return begin
        .apply(
            "NewPartitions",
            Read.from(
                new PartitionListing(
                    bootstrap, topic, atLaunch, settings, interval, descriptorCoder)))
        .apply(
            "ReadNewPartitions",
            KafkaIO.<byte[], byte[]>readSourceDescriptors()
                .withBootstrapServers(bootstrap)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                .withValueDeserializer(ByteArrayDeserializer.class)
                .withConsumerConfigUpdates(settings)
                .withCreateTime()
                .withCreatWatermarkEstimatorFn(CreateTimeWithIdlePartitions.estimator(maxDelay)));
  }

  /** The partitions handed on so far (those at launch included), kept in the runner's state. */
  static final class Seen implements UnboundedSource.CheckpointMark, Serializable {
    private static final long serialVersionUID = 1L;
    final TreeSet<Integer> partitions;

    Seen(TreeSet<Integer> partitions) {
      this.partitions = partitions;
    }

    @Override
    public void finalizeCheckpoint() {}

    // Value equality: Beam's SerializableCoder warns on every run of a class without it.
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Seen seen && partitions.equals(seen.partitions);
    }

    @Override
    public int hashCode() {
      return partitions.hashCode();
    }
  }

  /** One reader that lists the topic every interval and hands on each partition it has not seen. */
  static final class PartitionListing extends UnboundedSource<KafkaSourceDescriptor, Seen> {
    private static final long serialVersionUID = 1L;
    private final String bootstrap;
    private final String topic;
    private final TreeSet<Integer> atLaunch;
    private final HashMap<String, Object> settings;
    private final Duration interval;
    private final Coder<KafkaSourceDescriptor> descriptorCoder;

    PartitionListing(
        String bootstrap,
        String topic,
        TreeSet<Integer> atLaunch,
        HashMap<String, Object> settings,
        Duration interval,
        Coder<KafkaSourceDescriptor> descriptorCoder) {
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.atLaunch = atLaunch;
      this.settings = settings;
      this.interval = interval;
      this.descriptorCoder = descriptorCoder;
    }

    @Override
    public List<PartitionListing> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this); // one listing per topic is plenty
    }

    @Override
    public UnboundedReader<KafkaSourceDescriptor> createReader(
        PipelineOptions options, @Nullable Seen restored) {
      return new ListingReader(this, restored == null ? atLaunch : restored.partitions);
    }

    @Override
    public Coder<Seen> getCheckpointMarkCoder() {
      return SerializableCoder.of(Seen.class);
    }

    @Override
    public Coder<KafkaSourceDescriptor> getOutputCoder() {
      return descriptorCoder;
    }
  }

  private static final class ListingReader
      extends UnboundedSource.UnboundedReader<KafkaSourceDescriptor> {
    private static final Logger LOG = LoggerFactory.getLogger(AddedPartitions.class);
    // The reader's thread waits for the listing; a slow one is skipped, the next one is due soon.
    private static final long LISTING_TIMEOUT_SECONDS = 5;

    private final PartitionListing source;
    private final TreeSet<Integer> seen;
    private final ArrayDeque<KafkaSourceDescriptor> found = new ArrayDeque<>();
    private @Nullable KafkaSourceDescriptor current;
    private @Nullable Admin admin;
    private Instant nextListing = BoundedWindow.TIMESTAMP_MIN_VALUE;
    private Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;

    ListingReader(PartitionListing source, TreeSet<Integer> seen) {
      this.source = source;
      this.seen = new TreeSet<>(seen);
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      Instant now = Instant.now();
      if (found.isEmpty() && !now.isBefore(nextListing)) {
        nextListing = now.plus(source.interval);
        list(now);
      }
      current = found.poll();
      return current != null;
    }

    private void list(Instant now) {
      TopicDescription description;
      try {
        description =
            admin()
                .describeTopics(List.of(source.topic))
                .allTopicNames()
                .get(LISTING_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(source.topic);
      } catch (Exception e) {
        // The launch partitions are read regardless; after ten failed listings in a row the
        // watermark waits for one that succeeds.
        LOG.warn("{}: could not list its partitions; trying again", source.topic, e);
        closeAdmin();
        return;
      }
      for (TopicPartitionInfo partition : description.partitions()) {
        if (seen.add(partition.partition())) {
          // From its first record: nothing was read from it before.
          found.add(
              KafkaSourceDescriptor.of(
                  new TopicPartition(source.topic, partition.partition()),
                  null,
                  null,
                  null,
                  null,
                  null));
        }
      }
      // A partition carries no event time (its records' times come from its estimator); until the
      // next listing is overdue, the listing does not hold the job's watermark back.
      watermark = now.plus(source.interval.multipliedBy(10));
    }

    private Admin admin() {
      if (admin == null) {
        Map<String, Object> config = new HashMap<>();
        source.settings.forEach(
            (key, value) -> {
              if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
              }
            });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrap);
        admin = Admin.create(config);
      }
      return admin;
    }

    private void closeAdmin() {
      if (admin != null) {
        admin.close(java.time.Duration.ZERO);
        admin = null;
      }
    }

    @Override
    public KafkaSourceDescriptor getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }

    @Override
    public Instant getWatermark() {
      return watermark;
    }

    @Override
    public Seen getCheckpointMark() {
      return new Seen(new TreeSet<>(seen));
    }

    @Override
    public PartitionListing getCurrentSource() {
      return source;
    }

    @Override
    public void close() {
      closeAdmin();
    }
  }
}
