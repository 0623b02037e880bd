package io.pinpipe.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Direct access to the stack's Kafka and Kinesis, for setting tests up and reading back what the
 * API wrote.
 */
final class Backends {
  private Backends() {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStack.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /**
   * Every record of {@code topic}, partition by partition, waiting up to 20 s for {@code expected}
   * of them.
   */
  static List<ConsumerRecord<byte[], byte[]>> readTopic(String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // A short extra poll: more than expected must show up as a failure, not be missed.
      consumer.poll(Duration.ofMillis(300)).forEach(records::add);
      return records;
    }
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  static KinesisAsyncClient kinesis() {
    return KinesisAsyncClient.builder()
        .endpointOverride(LocalStack.kinesisEndpoint())
        .region(Region.US_EAST_1)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .build();
  }

  static void createStream(KinesisAsyncClient kinesis, String stream, int shards)
      throws InterruptedException {
    kinesis.createStream(b -> b.streamName(stream).shardCount(shards)).join();
    awaitActive(kinesis, stream);
  }

  static void awaitActive(KinesisAsyncClient kinesis, String stream) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (kinesis
            .describeStreamSummary(b -> b.streamName(stream))
            .join()
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(stream + " not ACTIVE after 20 s");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The data of every record of {@code stream} from TRIM_HORIZON, shard by shard, as UTF-8 text.
   */
  static List<String> readStream(KinesisAsyncClient kinesis, String stream, int expected)
      throws InterruptedException {
    List<String> data = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      data.clear();
      for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).join().shards()) {
        String iterator =
            kinesis
                .getShardIterator(
                    b ->
                        b.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .join()
                .shardIterator();
        for (int i = 0; i < 5 && iterator != null; i++) {
          String current = iterator;
          var page = kinesis.getRecords(b -> b.shardIterator(current)).join();
          for (Record record : page.records()) {
            data.add(record.data().asUtf8String());
          }
          iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
      }
      if (data.size() >= expected) {
        return data;
      }
      Thread.sleep(200);
    }
    return data;
  }
}
