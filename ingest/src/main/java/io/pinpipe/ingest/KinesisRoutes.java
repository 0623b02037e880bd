package io.pinpipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The API Gateway Kinesis proxy routes of wire-formats §2, on the async SDK client: no thread waits
 * for Kinesis. Kinesis errors keep their names in {@code __type}.
 */
final class KinesisRoutes {
  private static final RouteFamily FAMILY = RouteFamily.KINESIS;

  private final KinesisAsyncClient kinesis;
  private final Metrics metrics;

  KinesisRoutes(KinesisAsyncClient kinesis, Metrics metrics) {
    this.kinesis = kinesis;
    this.metrics = metrics;
  }

  CompletableFuture<Reply> listStreams() {
    List<String> names = new ArrayList<>();
    return listFrom(null, names)
        .thenApply(
            done -> {
              ObjectNode reply = Json.MAPPER.createObjectNode();
              ArrayNode array = reply.putArray("StreamNames");
              names.forEach(array::add);
              reply.put("HasMoreStreams", false);
              return Reply.json(200, reply);
            })
        .exceptionally(KinesisRoutes::rethrow);
  }

  /**
   * Pages through ListStreams: the route promises the whole list ({@code HasMoreStreams} false).
   */
  private CompletableFuture<Void> listFrom(String after, List<String> names) {
    return kinesis
        .listStreams(b -> b.exclusiveStartStreamName(after))
        .thenCompose(
            (ListStreamsResponse page) -> {
              names.addAll(page.streamNames());
              if (Boolean.TRUE.equals(page.hasMoreStreams()) && !page.streamNames().isEmpty()) {
                return listFrom(page.streamNames().get(page.streamNames().size() - 1), names);
              }
              return CompletableFuture.completedFuture(null);
            });
  }

  CompletableFuture<Reply> describeStream(String stream) {
    return kinesis
        .describeStream(b -> b.streamName(stream))
        .thenApply(response -> Reply.json(200, SdkJson.of(response)))
        .exceptionally(KinesisRoutes::rethrow);
  }

  CompletableFuture<Reply> createStream(String stream, byte[] body) {
    int shards = 1;
    if (body.length > 0) {
      JsonNode request = object(body);
      JsonNode count = request.get("ShardCount");
      if (count != null && !count.isNull()) {
        if (!count.canConvertToInt() || !count.isIntegralNumber() || count.intValue() < 1) {
          throw invalid("ShardCount must be a positive integer");
        }
        shards = count.intValue();
      }
    }
    int shardCount = shards;
    return kinesis
        .createStream(b -> b.streamName(stream).shardCount(shardCount))
        .thenApply(empty())
        .exceptionally(KinesisRoutes::rethrow);
  }

  CompletableFuture<Reply> deleteStream(String stream) {
    return kinesis
        .deleteStream(b -> b.streamName(stream))
        .thenApply(empty())
        .exceptionally(KinesisRoutes::rethrow);
  }

  CompletableFuture<Reply> putRecord(String stream, byte[] body) {
    JsonNode request = object(body);
    SdkBytes data = data(request, "Data", null);
    String partitionKey = partitionKey(request, "PartitionKey", null);
    // The path names the stream; a StreamName in the body (the original clients send one) is
    // ignored.
    return kinesis
        .putRecord(b -> b.streamName(stream).data(data).partitionKey(partitionKey))
        .thenApply(
            response -> {
              metrics.kinesisRecords(1);
              ObjectNode reply = Json.MAPPER.createObjectNode();
              reply.put("SequenceNumber", response.sequenceNumber());
              reply.put("ShardId", response.shardId());
              if (response.encryptionTypeAsString() != null) {
                reply.put("EncryptionType", response.encryptionTypeAsString());
              }
              return Reply.json(200, reply);
            })
        .exceptionally(KinesisRoutes::rethrow);
  }

  CompletableFuture<Reply> putRecords(String stream, byte[] body) {
    JsonNode request = object(body);
    JsonNode records = request.has("records") ? request.get("records") : request.get("Records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      throw invalid("The request body must have a non-empty \"records\" (or \"Records\") array");
    }
    List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      if (!record.isObject()) {
        throw invalid("records[" + i + "] must be an object");
      }
      String at = "records[" + i + "].";
      entries.add(
          PutRecordsRequestEntry.builder()
              .data(data(record, record.has("data") ? "data" : "Data", at))
              .partitionKey(
                  partitionKey(
                      record, record.has("partition-key") ? "partition-key" : "PartitionKey", at))
              .build());
    }
    return kinesis
        .putRecords(b -> b.streamName(stream).records(entries))
        .thenApply(
            response -> {
              metrics.kinesisRecords(entries.size() - response.failedRecordCount());
              return Reply.json(200, SdkJson.of(response));
            })
        .exceptionally(KinesisRoutes::rethrow);
  }

  /** A JSON object becomes its compact JSON text, a string its UTF-8 bytes (wire-formats §2). */
  private static SdkBytes data(JsonNode record, String field, String at) {
    JsonNode data = record.get(field);
    if (data == null || data.isNull()) {
      throw invalid((at == null ? "" : at) + field + " is required");
    }
    return data.isTextual()
        ? SdkBytes.fromString(data.textValue(), StandardCharsets.UTF_8)
        : SdkBytes.fromByteArrayUnsafe(Json.bytes(data));
  }

  private static String partitionKey(JsonNode record, String field, String at) {
    JsonNode key = record.get(field);
    if (key == null || !key.isValueNode() || key.isNull() || key.asText().isEmpty()) {
      throw invalid((at == null ? "" : at) + field + " is required (a non-empty string)");
    }
    return key.asText();
  }

  private static JsonNode object(byte[] body) {
    try {
      JsonNode node = Json.parse(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      throw new ApiException(
          FAMILY.error(
              400,
              0,
              "SerializationException",
              "Malformed JSON request body: " + KafkaRoutes.firstLine(e.getMessage())));
    }
    throw new ApiException(
        FAMILY.error(400, 0, "SerializationException", "The request body must be a JSON object"));
  }

  private static <T> Function<T, Reply> empty() {
    return ignored -> Reply.json(200, Json.MAPPER.createObjectNode());
  }

  private static ApiException invalid(String message) {
    return new ApiException(FAMILY.error(400, 0, "ValidationException", message));
  }

  private static Reply rethrow(Throwable error) {
    throw failure(error);
  }

  /** Kinesis' own error name and message, with the status the proxy promises for it. */
  static ApiException failure(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String type = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      int status =
          switch (String.valueOf(type)) {
            case "ResourceNotFoundException" -> 404;
            // Throttling: the client should slow down and retry, as for an unavailable backend.
            case "ProvisionedThroughputExceededException",
                "KMSThrottlingException",
                "ThrottlingException" ->
                503;
            default -> aws.statusCode() >= 500 ? 503 : 400;
          };
      return new ApiException(
          FAMILY.error(
              status, 0, type, message == null ? String.valueOf(aws.getMessage()) : message));
    }
    if (cause instanceof SdkClientException) {
      return new ApiException(
          FAMILY.error(
              503,
              0,
              "ServiceUnavailable",
              "Kinesis unavailable: "
                  + KafkaRoutes.firstLine(cause.getMessage())
                  + "; retry later"));
    }
    return new ApiException(
        FAMILY.error(
            500, 0, "InternalFailure", "Internal error: " + cause.getClass().getSimpleName()));
  }
}
