package io.pinpipe.emulator;

import io.pinpipe.transforms.model.Table;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Rows straight to the topics {@code <prefix>.<table>}, acknowledged by all in-sync replicas.
 * Public so the benchmark's {@code stream} scenario produces through exactly this path.
 */
public final class KafkaEventSink implements EventSink {
  private final KafkaProducer<String, String> producer;
  private final String topicPrefix;

  public KafkaEventSink(String bootstrap, String topicPrefix, Map<String, Object> clientSettings) {
    Properties props = new Properties();
    props.putAll(clientSettings); // TLS/SASL; the delivery settings below win
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.topicPrefix = topicPrefix;
  }

  @Override
  public CompletableFuture<Void> send(Table table, String key, String rowJson) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    // No record key, like the original clients: the partitioner spreads the rows.
    producer.send(
        new ProducerRecord<>(table.topic(topicPrefix), rowJson),
        (metadata, error) -> {
          if (error == null) {
            acked.complete(null);
          } else {
            acked.completeExceptionally(error);
          }
        });
    return acked;
  }

  @Override
  public String describe() {
    return "kafka (topics " + topicPrefix + ".{pin,geo,user})";
  }

  @Override
  public void close() {
    producer.close();
  }
}
