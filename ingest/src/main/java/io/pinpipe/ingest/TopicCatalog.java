package io.pinpipe.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Which topics exist, asked of the broker and cached briefly. A producer would let the broker
 * auto-create any topic it is sent to, so unknown topics are refused here before producing. A topic
 * found is trusted for {@link #KNOWN_FOR}; a topic not found is asked about again at most every
 * {@link #MISSING_FOR}, so a flood of requests for a bad name costs the broker one metadata request
 * a second, while a topic created a moment ago is found on its first request. Concurrent checks of
 * one topic share one request.
 */
final class TopicCatalog {
  static final Duration KNOWN_FOR = Duration.ofSeconds(30);
  static final Duration MISSING_FOR = Duration.ofSeconds(1);

  /** Listing cache for {@code GET /topics}. */
  static final Duration LIST_FOR = Duration.ofMillis(500);

  /** Bounds the memory of remembered answers; past it they are forgotten (and asked again). */
  private static final int MAX_REMEMBERED = 10_000;

  private record Answer(boolean exists, long atNanos) {}

  private final Admin admin;
  private final Duration timeout;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Boolean>> asking = new ConcurrentHashMap<>();
  private volatile List<String> listed = List.of();
  private volatile long listedAtNanos;

  TopicCatalog(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * Whether {@code topic} exists; throws {@link TimeoutException} when Kafka does not answer in
   * time.
   */
  boolean exists(String topic) throws TimeoutException, InterruptedException {
    Answer answer = answers.get(topic);
    long now = System.nanoTime();
    if (answer != null
        && now - answer.atNanos < (answer.exists ? KNOWN_FOR : MISSING_FOR).toNanos()) {
      return answer.exists;
    }
    // Not computeIfAbsent: the broker may answer before ask() returns, and the completion's
    // asking.remove would then run inside the map's own update ("Recursive update").
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> ask = asking.putIfAbsent(topic, mine);
    if (ask == null) {
      ask = mine;
      ask(topic)
          .whenComplete(
              (exists, error) -> {
                asking.remove(topic, mine);
                if (error != null) {
                  mine.completeExceptionally(error);
                } else {
                  mine.complete(exists);
                }
              });
    }
    try {
      return ask.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw timedOut("checking topic " + topic, e.getCause());
    }
  }

  private CompletableFuture<Boolean> ask(String topic) {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .toCompletionStage()
        .toCompletableFuture()
        .handle(
            (found, error) -> {
              Throwable cause =
                  error instanceof java.util.concurrent.CompletionException
                          && error.getCause() != null
                      ? error.getCause()
                      : error;
              if (cause != null && !(cause instanceof UnknownTopicOrPartitionException)) {
                throw new java.util.concurrent.CompletionException(cause);
              }
              if (answers.size() >= MAX_REMEMBERED) {
                answers.clear();
              }
              answers.put(topic, new Answer(cause == null, System.nanoTime()));
              return cause == null;
            });
  }

  /** All topic names, sorted (internal topics left out); at most {@link #LIST_FOR} old. */
  synchronized List<String> names() throws TimeoutException, InterruptedException {
    if (listedAtNanos != 0 && System.nanoTime() - listedAtNanos < LIST_FOR.toNanos()) {
      return listed;
    }
    try {
      Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      listed = List.copyOf(new TreeSet<>(names));
      listedAtNanos = System.nanoTime();
      return listed;
    } catch (ExecutionException e) {
      throw timedOut("listing topics", e.getCause());
    }
  }

  private static TimeoutException timedOut(String what, Throwable cause) {
    TimeoutException timedOut = new TimeoutException(what + " failed: " + cause);
    timedOut.initCause(cause);
    return timedOut;
  }
}
