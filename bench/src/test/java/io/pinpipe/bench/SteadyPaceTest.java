package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SteadyPaceTest {
  @Test
  void eventsAreEvenlySpacedFromTheStart() {
    SteadyPace pace = new SteadyPace(2_000, 60);
    assertEquals(0, pace.dueNanos(0));
    assertEquals(500_000, pace.dueNanos(1));
    assertEquals(1_000_000_000L, pace.dueNanos(2_000));
    assertEquals(59_999_500_000L, pace.dueNanos(119_999));
  }

  @Test
  void plannedEventsAreRateTimesSeconds() {
    assertEquals(120_000, new SteadyPace(2_000, 60).plannedEvents());
  }

  @Test
  void aRateThatDoesNotDivideOneSecondNeverDriftsAndNeverRunsBackwards() {
    SteadyPace pace = new SteadyPace(3, 3_600);
    long previous = -1;
    for (long i = 0; i < pace.plannedEvents(); i++) {
      long due = pace.dueNanos(i);
      assertTrue(due > previous, "event " + i + " due after event " + (i - 1));
      previous = due;
    }
    assertEquals(333_333_333, pace.dueNanos(1));
    assertEquals(
        3_600_000_000_000L, pace.dueNanos(3 * 3_600)); // exactly on the second, no rounding drift
  }

  @Test
  void highRatesOverLongRunsDoNotOverflow() {
    SteadyPace pace = new SteadyPace(1_000_000, 86_400);
    assertEquals(86_399_999_999_000L, pace.dueNanos(pace.plannedEvents() - 1));
  }

  @Test
  void aZeroRateOrDurationIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SteadyPace(0, 60));
    assertThrows(IllegalArgumentException.class, () -> new SteadyPace(2_000, 0));
  }
}
