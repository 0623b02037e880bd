package io.pinpipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;

/**
 * {@code POST /topics/{topic}} and {@code GET /topics}: the REST Proxy v2 subset of wire-formats
 * §1. A reply waits for Kafka's acknowledgement of each of its own records, so a 200 means every
 * record is in Kafka with {@code acks=all}; any failure fails the whole request (the client retries
 * it).
 */
final class KafkaRoutes {
  private static final RouteFamily FAMILY = RouteFamily.KAFKA;
  private static final List<String> CONTENT_TYPES =
      List.of("application/vnd.kafka.json.v2+json", "application/json");

  private static final java.util.regex.Pattern LEGAL_TOPIC =
      java.util.regex.Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private final Producer<byte[], byte[]> producer;
  private final TopicCatalog catalog;
  private final boolean allowTopicAutoCreate;
  private final Metrics metrics;
  private final Executor replies;

  /** {@code replies} builds the answers, so the producer's I/O thread only completes futures. */
  KafkaRoutes(
      Producer<byte[], byte[]> producer,
      TopicCatalog catalog,
      boolean allowTopicAutoCreate,
      Metrics metrics,
      Executor replies) {
    this.producer = producer;
    this.catalog = catalog;
    this.allowTopicAutoCreate = allowTopicAutoCreate;
    this.metrics = metrics;
    this.replies = replies;
  }

  /** Checked before the body is read: REST Proxy answers 415 to other media types. */
  static void checkContentType(String contentType) {
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!CONTENT_TYPES.contains(mediaType)) {
      throw new ApiException(
          FAMILY.error(
              415,
              415,
              null,
              "HTTP 415 Unsupported Media Type: expected Content-Type "
                  + String.join(" or ", CONTENT_TYPES)));
    }
  }

  Reply listTopics() throws InterruptedException {
    try {
      ArrayNode names = Json.MAPPER.createArrayNode();
      catalog.names().forEach(names::add);
      return Reply.kafka(200, names);
    } catch (TimeoutException e) {
      throw unavailable(e);
    }
  }

  CompletableFuture<Reply> produce(String topic, byte[] body) throws InterruptedException {
    if (!LEGAL_TOPIC.matcher(topic).matches()) {
      throw new ApiException(
          FAMILY.error(
              404, 40401, null, "Topic " + topic + " not found (not a legal topic name)."));
    }
    List<ProducerRecord<byte[], byte[]>> records = parse(topic, body);
    try {
      if (!allowTopicAutoCreate && !catalog.exists(topic)) {
        throw new ApiException(FAMILY.error(404, 40401, null, "Topic " + topic + " not found."));
      }
    } catch (TimeoutException e) {
      throw unavailable(e);
    }
    checkPartitions(topic, records);
    @SuppressWarnings("unchecked")
    CompletableFuture<RecordMetadata>[] acks = new CompletableFuture[records.size()];
    for (int i = 0; i < acks.length; i++) {
      CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
      try {
        producer.send(
            records.get(i),
            (metadata, error) -> {
              if (error != null) {
                ack.completeExceptionally(error);
              } else {
                ack.complete(metadata);
              }
            });
      } catch (RuntimeException e) {
        ack.completeExceptionally(e);
      }
      acks[i] = ack;
    }
    return CompletableFuture.allOf(acks)
        .handleAsync(
            (ignored, error) -> {
              if (error != null) {
                throw failure(error);
              }
              metrics.kafkaRecords(acks.length);
              ObjectNode reply = Json.MAPPER.createObjectNode();
              ArrayNode offsets = reply.putArray("offsets");
              for (CompletableFuture<RecordMetadata> ack : acks) {
                RecordMetadata metadata = ack.join();
                ObjectNode offset = offsets.addObject();
                offset.put("partition", metadata.partition());
                offset.put("offset", metadata.offset());
                offset.putNull("error_code");
                offset.putNull("error");
              }
              reply.putNull("key_schema_id");
              reply.putNull("value_schema_id");
              return Reply.kafka(200, reply);
            },
            replies);
  }

  private static List<ProducerRecord<byte[], byte[]>> parse(String topic, byte[] body) {
    JsonNode request;
    try {
      request = Json.parse(body);
    } catch (IOException e) {
      throw new ApiException(
          FAMILY.error(
              422, 42201, null, "Malformed JSON request body: " + firstLine(e.getMessage())));
    }
    JsonNode records = request == null ? null : request.get("records");
    if (records == null || !records.isArray()) {
      throw invalid("The request body must be a JSON object with a \"records\" array");
    }
    List<ProducerRecord<byte[], byte[]>> parsed = new java.util.ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      if (!record.isObject() || !record.has("value")) {
        throw invalid("records[" + i + "] must be an object with a \"value\"");
      }
      Integer partition = null;
      JsonNode p = record.get("partition");
      if (p != null && !p.isNull()) {
        if (!p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 0) {
          throw invalid("records[" + i + "].partition must be a non-negative integer");
        }
        partition = p.intValue();
      }
      JsonNode key = record.get("key");
      byte[] keyBytes = key == null || key.isNull() ? null : Json.bytes(key);
      parsed.add(new ProducerRecord<>(topic, partition, keyBytes, Json.bytes(record.get("value"))));
    }
    return parsed;
  }

  /**
   * REST Proxy refuses a record for a partition the topic lacks (40402) instead of failing in the
   * producer.
   */
  private void checkPartitions(String topic, List<ProducerRecord<byte[], byte[]>> records) {
    int count = -1;
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (record.partition() != null) {
        if (count < 0) {
          try {
            count = producer.partitionsFor(topic).size();
          } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unavailable(e);
          }
        }
        if (record.partition() >= count) {
          throw new ApiException(
              FAMILY.error(
                  404,
                  40402,
                  null,
                  "Partition "
                      + record.partition()
                      + " not found (topic "
                      + topic
                      + " has "
                      + count
                      + ")."));
        }
      }
    }
  }

  private static ApiException failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof RetriableException) {
      return unavailable(cause);
    }
    return new ApiException(
        FAMILY.error(
            500, 50002, null, "Kafka error: " + firstLine(String.valueOf(cause.getMessage()))));
  }

  static ApiException unavailable(Throwable cause) {
    return new ApiException(
        FAMILY.error(
            503,
            50301,
            null,
            "Kafka unavailable: "
                + firstLine(String.valueOf(cause.getMessage()))
                + "; nothing was acknowledged, retry later"));
  }

  private static ApiException invalid(String message) {
    return new ApiException(FAMILY.error(422, 42202, null, message));
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
