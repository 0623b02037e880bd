package io.pinpipe.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Whether Kafka and Kinesis answer, for {@code GET /health}: one cheap call to each (cluster id, a
 * one-stream listing) with a short timeout, and the result reused for {@link #REUSE_FOR} so that
 * frequent probes cost the backends nothing.
 */
final class BackendHealth {
  static final Duration REUSE_FOR = Duration.ofSeconds(2);
  private static final long PROBE_TIMEOUT_MS = 1500;

  private final Admin admin;
  private final KinesisAsyncClient kinesis;
  private volatile Reply last;
  private volatile long checkedAtNanos;

  BackendHealth(Admin admin, KinesisAsyncClient kinesis) {
    this.admin = admin;
    this.kinesis = kinesis;
  }

  /** 200 when both backends answer, 503 naming the one that does not. */
  synchronized Reply check() {
    if (last != null && System.nanoTime() - checkedAtNanos < REUSE_FOR.toNanos()) {
      return last;
    }
    CompletableFuture<Boolean> kafkaUp =
        admin
            .describeCluster()
            .clusterId()
            .toCompletionStage()
            .toCompletableFuture()
            .thenApply(id -> true);
    CompletableFuture<Boolean> kinesisUp =
        kinesis.listStreams(b -> b.limit(1)).thenApply(r -> true);
    boolean kafka = answered(kafkaUp);
    boolean kinesisAnswered = answered(kinesisUp);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("status", kafka && kinesisAnswered ? "ok" : "degraded");
    body.put("kafka", kafka ? "up" : "down");
    body.put("kinesis", kinesisAnswered ? "up" : "down");
    last = Reply.json(kafka && kinesisAnswered ? 200 : 503, body);
    checkedAtNanos = System.nanoTime();
    return last;
  }

  private static boolean answered(CompletableFuture<Boolean> probe) {
    try {
      return probe.get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      probe.cancel(true);
      return false;
    }
  }
}
