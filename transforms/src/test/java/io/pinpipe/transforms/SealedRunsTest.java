package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class SealedRunsTest {
  /** One remembered row: key, event time, fingerprint halves. */
  private record Entry(long ind, long time, long high, long low) {}

  private static SealedRuns.Run runOf(List<Entry> entries) {
    Map<Long, byte[]> recent = new HashMap<>();
    for (Entry entry : entries) {
      recent.put(
          entry.ind(),
          RecentEntries.append(recent.get(entry.ind()), entry.time(), entry.high(), entry.low()));
    }
    return SealedRuns.Run.of(recent);
  }

  private static boolean bruteForce(
      List<Entry> held, long ind, long high, long low, long time, long horizon) {
    return held.stream()
        .anyMatch(
            e ->
                e.ind() == ind
                    && e.high() == high
                    && e.low() == low
                    && Math.abs(e.time() - time) <= horizon);
  }

  private static Entry randomEntry(Random random, long timeBase) {
    // Few keys and few fingerprints: the same key with several entries is the common case.
    return new Entry(
        random.nextInt(300) - 150,
        timeBase + random.nextInt(1_000),
        random.nextInt(3),
        random.nextInt(2) - 1);
  }

  @Test
  void findsExactlyWhatWasSealedThroughManyMergesAndCutoffs() {
    Random random = new Random(11);
    long horizon = 400;
    SealedRuns runs = SealedRuns.EMPTY;
    List<Entry> held = new ArrayList<>();
    for (int batch = 0; batch < 200; batch++) {
      long timeBase = batch * 100L;
      List<Entry> sealed = new ArrayList<>();
      int size = 1 + random.nextInt(40);
      for (int i = 0; i < size; i++) {
        sealed.add(randomEntry(random, timeBase));
      }
      runs = runs.plus(runOf(sealed));
      held.addAll(sealed);
      if (batch % 17 == 16) {
        long cutoff = timeBase - 500;
        runs = runs.withoutOlderThan(cutoff);
        held.removeIf(e -> e.time() < cutoff);
      }
      assertEquals(held.size(), runs.entries(), "entries after batch " + batch);
      for (int probe = 0; probe < 200; probe++) {
        Entry p = randomEntry(random, timeBase - 600);
        assertEquals(
            bruteForce(held, p.ind(), p.high(), p.low(), p.time(), horizon),
            runs.contains(p.ind(), p.high(), p.low(), p.time(), horizon),
            "batch " + batch + ", probe " + p);
      }
    }
    long oldest = held.stream().mapToLong(Entry::time).min().orElse(Long.MAX_VALUE);
    assertEquals(oldest, runs.oldest());
  }

  @Test
  void keepsAboutLogarithmicallyManyRuns() {
    SealedRuns runs = SealedRuns.EMPTY;
    Random random = new Random(3);
    for (int batch = 0; batch < 1_000; batch++) {
      List<Entry> sealed = new ArrayList<>();
      for (int i = 0; i < 512; i++) {
        sealed.add(randomEntry(random, batch));
      }
      runs = runs.plus(runOf(sealed));
      // 512,000 entries in runs of 512 and more: a binary counter's worth of runs, not 1,000.
      assertTrue(runs.runCount() <= 11, runs.runCount() + " runs after batch " + batch);
    }
    assertEquals(512_000, runs.entries());
  }

  @Test
  void aCutoffBeforeEverythingChangesNothingAndOneAfterEverythingEmpties() {
    SealedRuns runs =
        SealedRuns.EMPTY.plus(runOf(List.of(new Entry(1, 100, 5, 6), new Entry(2, 200, 7, 8))));
    assertSame(runs, runs.withoutOlderThan(100));
    assertEquals(1, runs.withoutOlderThan(101).entries());
    assertFalse(runs.withoutOlderThan(101).contains(1, 5, 6, 100, 1_000));
    assertTrue(runs.withoutOlderThan(101).contains(2, 7, 8, 100, 1_000));
    assertEquals(0, runs.withoutOlderThan(201).entries());
    assertEquals(0, runs.withoutOlderThan(201).runCount());
  }

  @Test
  void survivesItsCoder() throws Exception {
    Random random = new Random(5);
    SealedRuns runs = SealedRuns.EMPTY;
    List<Entry> held = new ArrayList<>();
    for (int batch = 0; batch < 5; batch++) {
      List<Entry> sealed = new ArrayList<>();
      for (int i = 0; i < 3 + batch; i++) {
        sealed.add(randomEntry(random, 0));
      }
      runs = runs.plus(runOf(sealed));
      held.addAll(sealed);
    }
    SealedRuns decoded = CoderUtils.clone(SealedRuns.RunsCoder.of(), runs);
    assertEquals(runs.entries(), decoded.entries());
    assertEquals(runs.runCount(), decoded.runCount());
    assertEquals(runs.oldest(), decoded.oldest());
    for (Entry e : held) {
      assertTrue(decoded.contains(e.ind(), e.high(), e.low(), e.time(), 0), e.toString());
      assertFalse(decoded.contains(e.ind(), e.high() + 7, e.low(), e.time(), 0), e.toString());
    }
  }
}
