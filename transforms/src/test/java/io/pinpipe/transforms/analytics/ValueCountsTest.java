package io.pinpipe.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * analytics.md's lower median from counted values, and its combiner over any split of the input.
 */
class ValueCountsTest {

  @Test
  void lowerMedianIsTheValueAtPositionCeilHalfOfTheSortedValues() {
    assertEquals(20L, counts(30, 10, 20).lowerMedian());
    assertEquals(
        20L,
        counts(40, 10, 30, 20).lowerMedian(),
        "even count: the lower of the two middle values");
    assertEquals(7L, counts(7).lowerMedian());
    assertEquals(5L, counts(5, 5, 5, 9).lowerMedian());
    assertEquals(-3L, counts(-3, 100).lowerMedian());
    assertThrows(IllegalStateException.class, () -> new ValueCounts().lowerMedian());
  }

  @Test
  void equalsSortingForRandomValues() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<Long> values = new ArrayList<>();
      int n = 1 + random.nextInt(50);
      for (int i = 0; i < n; i++) {
        values.add((long) random.nextInt(20));
      }
      ValueCounts counts = new ValueCounts();
      values.forEach(counts::add);
      Collections.sort(values);
      assertEquals(values.get((n + 1) / 2 - 1), counts.lowerMedian(), values.toString());
      assertEquals(n, counts.size());
    }
  }

  @Test
  void theCoderKeepsEveryCount() throws Exception {
    ValueCounts counts = counts(3, 3, -1, 1_000_000_000_000L, 3);
    ValueCounts back = CoderUtils.clone(ValueCounts.Coder.of(), counts);
    assertEquals(counts.size(), back.size());
    assertEquals(counts.distinctValues(), back.distinctValues());
    assertEquals(counts.lowerMedian(), back.lowerMedian());
    assertEquals(counts(1, 2, 2).addAll(counts(2, 9, 9, 9)).lowerMedian(), 2L);
  }

  @Test
  void theMedianCombinerGivesTheSameMedianHoweverTheValuesAreSplit() {
    List<Long> values = new ArrayList<>();
    for (long i = 0; i < 101; i++) {
      values.add((i * 37) % 50);
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    CombineFnTester.testCombineFn(new MedianPerGroup.LowerMedianFn(), values, sorted.get(50));
  }

  private static ValueCounts counts(long... values) {
    ValueCounts counts = new ValueCounts();
    for (long value : values) {
      counts.add(value);
    }
    return counts;
  }
}
