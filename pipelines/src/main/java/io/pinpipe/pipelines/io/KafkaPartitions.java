package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The partitions of some topics with their first and next offsets, asked of the cluster once. */
public final class KafkaPartitions {
  /** First and next (end) offset of one partition. */
  public static final class Range {
    public final TopicPartition partition;
    public final long beginning;
    public final long end;

    Range(TopicPartition partition, long beginning, long end) {
      this.partition = partition;
      this.beginning = beginning;
      this.end = end;
    }
  }

  private KafkaPartitions() {}

  public static List<Range> of(
      String bootstrap, List<String> topics, Duration timeout, Map<String, Object> clientSettings) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
          throw new InvalidOptionException(
              "topics", "topic '" + topic + "' does not exist on " + bootstrap);
        }
        for (PartitionInfo info : infos) {
          partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      Map<TopicPartition, Long> beginning =
          new HashMap<>(consumer.beginningOffsets(partitions, timeout));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      List<Range> ranges = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        ranges.add(new Range(partition, beginning.get(partition), end.get(partition)));
      }
      return ranges;
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new InvalidOptionException(
          "kafkaBootstrap",
          "no answer from " + bootstrap + " within " + timeout.toSeconds() + " s");
    } catch (KafkaException e) {
      throw new InvalidOptionException(
          "kafkaBootstrap", "cannot read topic metadata from " + bootstrap + ": " + e.getMessage());
    }
  }
}
