package io.pinpipe.ingest;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latencies of the last {@value #SIZE} requests, in a ring: enough for stable p50/p99 of the
 * recent past, fixed memory, and one atomic increment per request.
 */
public final class LatencyReservoir {
  public static final int SIZE = 8192;
  private final long[] micros = new long[SIZE];
  private final AtomicLong next = new AtomicLong();

  public void record(long nanos) {
    long slot = next.getAndIncrement();
    micros[(int) (slot % SIZE)] = nanos / 1000;
  }

  public long count() {
    return next.get();
  }

  /**
   * The request count, the window and p50/p99 in milliseconds, into {@code node} ({@code /metrics}'
   * latencyMs).
   */
  public void describe(com.fasterxml.jackson.databind.node.ObjectNode node) {
    node.put("requests", count());
    node.put("window", SIZE);
    node.put("p50", percentileMillis(50));
    node.put("p99", percentileMillis(99));
  }

  /** Percentile {@code p} (0..100) in milliseconds over the retained samples; 0 when empty. */
  public double percentileMillis(double p) {
    int n = (int) Math.min(next.get(), SIZE);
    if (n == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(micros, n);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, index))] / 1000.0;
  }
}
