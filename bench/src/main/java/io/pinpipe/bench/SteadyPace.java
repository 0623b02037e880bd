package io.pinpipe.bench;

/**
 * A steady event rate over a fixed time: event {@code i} (from 0) is due {@code i / rate} seconds
 * after the start, as in the posting emulator's loop. Due times come from the index, never from the
 * previous send, so a late send does not push every later event back: the producer catches up.
 */
record SteadyPace(long eventsPerSecond, long seconds) {
  SteadyPace {
    if (eventsPerSecond < 1 || seconds < 1) {
      throw new IllegalArgumentException(
          "rate and seconds must be at least 1, got "
              + eventsPerSecond
              + "/s for "
              + seconds
              + " s");
    }
  }

  /** How many events the run plans: those due before the end. */
  long plannedEvents() {
    return eventsPerSecond * seconds;
  }

  /** When event {@code index} is due, in nanoseconds after the start. */
  long dueNanos(long index) {
    // Whole seconds first, so the product never overflows for any plannable index.
    return index / eventsPerSecond * 1_000_000_000L
        + index % eventsPerSecond * 1_000_000_000L / eventsPerSecond;
  }
}
