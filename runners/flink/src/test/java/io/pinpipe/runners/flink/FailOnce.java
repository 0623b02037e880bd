package io.pinpipe.runners.flink;

import io.pinpipe.transforms.model.RawRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A test-only step for {@code stream} on an embedded Flink (the mini-cluster runs in the test's
 * JVM, so the flags are shared): it throws once, on the first record after the test arms it, like
 * the deliberate failures in Flink's own file-sink tests; Flink then restarts the job from its last
 * checkpoint. It counts the records it sees after the failure, so a test can tell a restore from a
 * replay from the start.
 */
final class FailOnce {
  private FailOnce() {}

  private static final AtomicBoolean ARMED = new AtomicBoolean();
  private static final AtomicInteger FAILURES = new AtomicInteger();
  private static final AtomicInteger SEEN_AFTER_FAILURE = new AtomicInteger();

  static void reset() {
    ARMED.set(false);
    FAILURES.set(0);
    SEEN_AFTER_FAILURE.set(0);
  }

  static void arm() {
    ARMED.set(true);
  }

  static int failures() {
    return FAILURES.get();
  }

  static int seenAfterFailure() {
    return SEEN_AFTER_FAILURE.get();
  }

  static final class Fn extends DoFn<RawRecord, RawRecord> {
    @ProcessElement
    public void process(@Element RawRecord record, OutputReceiver<RawRecord> out) {
      if (ARMED.compareAndSet(true, false)) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException("forced task failure (test)");
      }
      if (FAILURES.get() > 0) {
        SEEN_AFTER_FAILURE.incrementAndGet();
      }
      out.output(record);
    }
  }
}
