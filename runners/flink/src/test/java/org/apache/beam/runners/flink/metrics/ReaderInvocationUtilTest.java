package org.apache.beam.runners.flink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.io.Source;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * pinpipe's patched reader invoker: the source step's metrics reach Flink when the reader is
 * drained, not after every record read (Beam's original passed them on per record).
 */
class ReaderInvocationUtilTest {
  private static final Counter READ = Metrics.counter("test", "read");

  @Test
  void metricsReachFlinkWhenTheReaderIsDrainedNotPerRecord() throws Exception {
    Map<String, SimpleCounter> flinkCounters = new ConcurrentHashMap<>();
    UnregisteredMetricsGroup group =
        new UnregisteredMetricsGroup() {
          @Override
          public <C extends org.apache.flink.metrics.Counter> C counter(String name, C counter) {
            return counter;
          }

          @Override
          public org.apache.flink.metrics.Counter counter(String name) {
            return flinkCounters.computeIfAbsent(name, n -> new SimpleCounter());
          }
        };
    FlinkMetricContainerWithoutAccumulator container =
        new FlinkMetricContainerWithoutAccumulator(group);
    ReaderInvocationUtil<Integer, CountingReader> invoker =
        new ReaderInvocationUtil<>(
            "Read", PipelineOptionsFactory.as(FlinkPipelineOptions.class), container);
    CountingReader reader = new CountingReader(10_000);

    invoker.invokeStart(reader);
    for (int i = 1; i < 5_000; i++) {
      assertTrue(invoker.invokeAdvance(reader));
    }
    long whileReading = flinkCounters.values().stream().mapToLong(SimpleCounter::getCount).sum();
    assertTrue(
        whileReading < 5_000,
        "not passed on per record: Flink shows " + whileReading + " after 5,000 records");

    while (invoker.invokeAdvance(reader)) {
      // to the end
    }
    assertEquals(1, flinkCounters.size(), "the step's one counter");
    assertEquals(
        10_000L,
        flinkCounters.values().iterator().next().getCount(),
        "exact once the reader is drained");
  }

  /** Counts each record it reads in the Beam counter {@link #READ}. */
  private static final class CountingReader extends Source.Reader<Integer> {
    private final int records;
    private int current;

    CountingReader(int records) {
      this.records = records;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      if (current == records) {
        return false;
      }
      current++;
      READ.inc();
      return true;
    }

    @Override
    public Integer getCurrent() {
      if (current == 0) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return Instant.now();
    }

    @Override
    public void close() {}

    @Override
    public Source<Integer> getCurrentSource() {
      throw new UnsupportedOperationException();
    }
  }
}
