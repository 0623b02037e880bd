package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOfOneToHundredIsThePercentItself() {
    Percentiles p = new Percentiles(LongStream.rangeClosed(1, 100).toArray());
    assertEquals(50, p.at(50));
    assertEquals(99, p.at(99));
    assertEquals(100, p.max());
    assertEquals(1, p.at(0.5));
  }

  @Test
  void theInputOrderDoesNotMatterAndTheInputIsNotChanged() {
    long[] values = {900, 100, 500, 300, 700};
    Percentiles p = new Percentiles(values);
    assertEquals(500, p.at(50));
    assertEquals(900, p.at(99));
    assertEquals(900, values[0]);
  }

  @Test
  void aPercentileIsAlwaysAMeasuredValueRoundedUp() {
    // 4 values: p50 covers 2 of them, p51 needs a third.
    Percentiles p = new Percentiles(new long[] {10, 20, 30, 40});
    assertEquals(20, p.at(50));
    assertEquals(30, p.at(51));
    assertEquals(40, p.at(99));
  }

  @Test
  void oneValueIsEveryPercentile() {
    Percentiles p = new Percentiles(new long[] {1234});
    assertEquals(1234, p.at(1));
    assertEquals(1234, p.at(99));
  }

  @Test
  void anEmptySampleOrAPercentOutOfRangeIsAnError() {
    assertThrows(IllegalStateException.class, () -> new Percentiles(new long[0]).at(50));
    Percentiles p = new Percentiles(new long[] {1, 2});
    assertThrows(IllegalArgumentException.class, () -> p.at(0));
    assertThrows(IllegalArgumentException.class, () -> p.at(100.1));
  }
}
