package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The partitions of topics, and their first and next offsets, asked of the cluster. */
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
    return ask(
        bootstrap,
        timeout,
        clientSettings,
        consumer -> {
          List<TopicPartition> partitions = new ArrayList<>();
          for (String topic : topics) {
            partitions.addAll(partitionsOf(consumer, topic, "topics", bootstrap, timeout));
          }
          Map<TopicPartition, Long> beginning =
              new HashMap<>(consumer.beginningOffsets(partitions, timeout));
          Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
          List<Range> ranges = new ArrayList<>();
          for (TopicPartition partition : partitions) {
            ranges.add(new Range(partition, beginning.get(partition), end.get(partition)));
          }
          return ranges;
        });
  }

  /**
   * The partitions {@code topic} has now, in order. Like KafkaIO's own split, asking may create the
   * topic where the broker creates topics on first use; a topic that does not exist is an error
   * naming {@code topicOption}, the option that named it.
   */
  public static List<TopicPartition> partitionsOf(
      String bootstrap,
      String topic,
      String topicOption,
      Duration timeout,
      Map<String, Object> clientSettings) {
    return ask(
        bootstrap,
        timeout,
        clientSettings,
        consumer -> partitionsOf(consumer, topic, topicOption, bootstrap, timeout));
  }

  private static List<TopicPartition> partitionsOf(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      String topicOption,
      String bootstrap,
      Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new InvalidOptionException(
          topicOption, "topic '" + topic + "' does not exist on " + bootstrap);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    partitions.sort(Comparator.comparingInt(TopicPartition::partition));
    return partitions;
  }

  private static <T> T ask(
      String bootstrap,
      Duration timeout,
      Map<String, Object> clientSettings,
      Function<KafkaConsumer<byte[], byte[]>, T> question) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      return question.apply(consumer);
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
