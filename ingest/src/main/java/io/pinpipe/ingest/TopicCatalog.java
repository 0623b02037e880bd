package io.pinpipe.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The broker's topic names, cached briefly. A producer would let the broker auto-create any topic it
 * is sent to, so unknown topics are refused here before producing. A topic seen recently is trusted
 * for {@link #KNOWN_FOR}; an unknown one triggers a fresh listing at most every {@link #RELIST_AFTER},
 * so a topic created a moment ago is found and a flood of bad names cannot hammer the broker.
 */
final class TopicCatalog {
  static final Duration KNOWN_FOR = Duration.ofSeconds(30);
  static final Duration RELIST_AFTER = Duration.ofMillis(500);

  private final Admin admin;
  private final Duration timeout;
  private volatile Set<String> topics = Set.of();
  private volatile long listedAtNanos = System.nanoTime() - KNOWN_FOR.toNanos() - 1;

  TopicCatalog(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Whether {@code topic} exists; throws {@link TimeoutException} when Kafka does not answer in time. */
  boolean exists(String topic) throws TimeoutException, InterruptedException {
    long age = System.nanoTime() - listedAtNanos;
    boolean known = topics.contains(topic);
    if (known && age < KNOWN_FOR.toNanos()) {
      return true;
    }
    if (!known && age < RELIST_AFTER.toNanos()) {
      return false;
    }
    return relist(age).contains(topic);
  }

  /** All topic names, sorted (internal topics left out); at most {@link #RELIST_AFTER} old. */
  List<String> names() throws TimeoutException, InterruptedException {
    long age = System.nanoTime() - listedAtNanos;
    Set<String> current = age < RELIST_AFTER.toNanos() ? topics : relist(age);
    return List.copyOf(new TreeSet<>(current));
  }

  private synchronized Set<String> relist(long ageSeen) throws TimeoutException, InterruptedException {
    // Another request may have listed while this one waited for the lock.
    if (System.nanoTime() - listedAtNanos < Math.min(ageSeen, RELIST_AFTER.toNanos())) {
      return topics;
    }
    try {
      Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      topics = Set.copyOf(names);
      listedAtNanos = System.nanoTime();
      return topics;
    } catch (ExecutionException e) {
      TimeoutException timedOut = new TimeoutException("listing topics failed: " + e.getCause());
      timedOut.initCause(e.getCause());
      throw timedOut;
    }
  }
}
