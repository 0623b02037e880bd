package io.pinpipe.pipelines.io;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Instant;

/**
 * Start offsets of a resumed Kafka read, looked up and committed at launch for the read's consumer
 * group ({@code group.id} in {@code settings}), where KafkaIO's reader starts when it has no
 * checkpoint: per partition, the first record at or after the time, or the end when there is none.
 */
final class KafkaStartOffsets {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaStartOffsets() {}

  /** {@code partitions}: the topic's partitions at launch, as the read will take them. */
  static void commitAt(
      String bootstrap,
      String topic,
      List<TopicPartition> partitions,
      Instant from,
      Map<String, Object> settings,
      PrintStream console) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> query = new HashMap<>();
      for (TopicPartition tp : partitions) {
        query.put(tp, from.getMillis());
      }
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
      StringJoiner described = new StringJoiner(", ");
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp at = found.get(tp);
        long offset = at != null ? at.offset() : end.get(tp);
        start.put(tp, new OffsetAndMetadata(offset));
        described.add(
            "partition "
                + tp.partition()
                + " from offset "
                + offset
                + " (retained "
                + begin.get(tp)
                + ".."
                + end.get(tp)
                + ")");
      }
      consumer.assign(partitions);
      consumer.commitSync(start, TIMEOUT);
      console.printf("pinpipe stream: %s: resuming at %s: %s%n", topic, from, described);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "resuming "
              + topic
              + " at "
              + from
              + ": could not look up or commit its start offsets at "
              + bootstrap
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
