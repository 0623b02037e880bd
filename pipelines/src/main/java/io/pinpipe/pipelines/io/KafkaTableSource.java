package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The topic of one table, read without end by KafkaIO as raw records with source {@code
 * kafka:<topic>/<partition>/<offset>}. Event time is the record's Kafka timestamp; the watermark
 * trails it by {@code maxDelay}, and an idle partition's watermark follows the clock, even one that
 * never held a record ({@link CreateTimeWithIdlePartitions}), so a quiet partition does not hold
 * back its topic. A partition added while the job runs is found within the discovery interval and
 * read from its first record ({@link AddedPartitions}).
 *
 * <p>A fresh start reads from the earliest retained offset, never from a consumer group's committed
 * offsets: records of windows that had not fired when the job stopped lived only in the runner's
 * state, so resuming after the last committed offset would lose them. Replaying instead yields the
 * same windows under the same names with the same rows, so files already written are rewritten, not
 * duplicated. When the speed tables hold committed windows, a fresh start resumes at a time instead
 * ({@link #resumingFrom}, chosen by {@code StreamResume}): each partition from its first record at
 * or after that time. KafkaIO cannot start "by time" itself here (its reader fails on a partition
 * with no record at or after the start time), so the start offsets are looked up at launch and
 * committed for a consumer group of this read ({@link #resumeGroup}), from which KafkaIO's reader
 * starts. A runner that restores its state (Flink from a checkpoint or savepoint) resumes from the
 * offsets held in that state instead.
 */
public final class KafkaTableSource implements RawRecordSource {
  private static final long serialVersionUID = 1L;

  private static final java.time.Duration LISTING_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final String bootstrap;
  private final String topicPrefix;
  private final Duration maxDelay;
  private final Duration partitionDiscovery;
  private final HashMap<String, Object> clientSettings;

  /** Table id → the time to resume from; empty: read every table from its earliest record. */
  private final HashMap<String, Instant> resumeFrom;

  /** What is resumed ({@link #resumingFrom}), part of the consumer group the start is kept for. */
  private final String resumeScope;

  /**
   * {@code partitionDiscovery}: how often each topic's partitions are listed, so that one added
   * while the job runs is read ({@link AddedPartitions}), zero for never; {@code clientSettings}:
   * extra consumer settings, e.g. TLS/SASL from {@code --kafkaPropertiesFile}.
   */
  public KafkaTableSource(
      String bootstrap,
      String topicPrefix,
      Duration maxDelay,
      Duration partitionDiscovery,
      Map<String, Object> clientSettings) {
    this(bootstrap, topicPrefix, maxDelay, partitionDiscovery, clientSettings, "", Map.of());
  }

  private KafkaTableSource(
      String bootstrap,
      String topicPrefix,
      Duration maxDelay,
      Duration partitionDiscovery,
      Map<String, Object> clientSettings,
      String resumeScope,
      Map<String, Instant> resumeFrom) {
    this.clientSettings = new HashMap<>(clientSettings);
    this.bootstrap = bootstrap;
    this.topicPrefix = topicPrefix;
    this.maxDelay = maxDelay;
    this.partitionDiscovery = partitionDiscovery;
    this.resumeScope = resumeScope;
    this.resumeFrom = new HashMap<>(resumeFrom);
  }

  @Override
  public RawRecordSource resumingFrom(String scope, Map<String, Instant> times) {
    return new KafkaTableSource(
        bootstrap, topicPrefix, maxDelay, partitionDiscovery, clientSettings, scope, times);
  }

  /**
   * The consumer group a resumed read of {@code topic} starts from: one per topic and scope, so
   * that pipelines resuming the same topic for different outputs at the same time cannot start from
   * each other's offsets.
   */
  public static String resumeGroup(String topic, String scope) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
      return "pinpipe-stream-resume." + topic + "." + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public PTransform<PBegin, PCollection<RawRecord>> read(TableSpec table) {
    String topic = table.topic(topicPrefix);
    return new PTransform<PBegin, PCollection<RawRecord>>() {
      @Override
      public PCollection<RawRecord> expand(PBegin begin) {
        Instant resumeAt = resumeFrom.get(table.id());
        Map<String, Object> settings = consumerSettings();
        if (resumeAt != null) {
          settings.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, resumeGroup(topic, resumeScope));
        }
        // The partitions at launch are read by KafkaIO's unbounded source, exactly these (a
        // partition added after this listing is one of the added ones, never read twice).
        List<TopicPartition> atLaunch =
            KafkaPartitions.partitionsOf(
                bootstrap, topic, "topicPrefix", LISTING_TIMEOUT, settings);
        if (resumeAt != null) {
          KafkaStartOffsets.commitAt(bootstrap, topic, atLaunch, resumeAt, settings, System.err);
        }
        PCollection<KafkaRecord<byte[], byte[]>> launched =
            begin.apply(
                "ReadTopic",
                KafkaIO.<byte[], byte[]>read()
                    .withBootstrapServers(bootstrap)
                    .withTopicPartitions(atLaunch)
                    .withKeyDeserializer(ByteArrayDeserializer.class)
                    .withValueDeserializer(ByteArrayDeserializer.class)
                    .withConsumerConfigUpdates(settings)
                    .withTimestampPolicyFactory(CreateTimeWithIdlePartitions.factory(maxDelay)));
        PCollection<KafkaRecord<byte[], byte[]>> all = launched;
        if (partitionDiscovery.getMillis() > 0) {
          // Costs a task boundary on Flink: the records of both reads meet in the next step.
          PCollection<KafkaRecord<byte[], byte[]>> added =
              begin.apply(
                  "ReadAddedPartitions",
                  new AddedPartitions(
                      bootstrap, topic, atLaunch, settings, partitionDiscovery, maxDelay));
          all =
              PCollectionList.of(launched)
                  .and(added)
                  .apply("AllPartitions", Flatten.pCollections());
        }
        PCollection<RawRecord> records =
            all.apply("ToRawRecords", ParDo.of(new ToRawRecordFn(table)));
        return SkipBeforeResume.applyTo(records, table, resumeAt);
      }
    };
  }

  private Map<String, Object> consumerSettings() {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return settings;
  }

  private static final class ToRawRecordFn extends DoFn<KafkaRecord<byte[], byte[]>, RawRecord> {
    private final TableSpec table;

    ToRawRecordFn(TableSpec table) {
      this.table = table;
    }

    @ProcessElement
    public void process(
        @Element KafkaRecord<byte[], byte[]> record, OutputReceiver<RawRecord> out) {
      byte[] value = record.getKV().getValue();
      out.output(
          RawRecords.fromUtf8(
              table,
              "kafka:" + record.getTopic() + "/" + record.getPartition() + "/" + record.getOffset(),
              value == null ? new byte[0] : value));
    }
  }
}
