package io.pinpipe.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Counting per bundle in a map first gives exact counts, also when a bundle holds more keys than
 * the map.
 */
class HashCombinePerKeyTest {

  @Test
  void countsAreExactWhenABundleHasMoreKeysThanTheMapHolds() {
    int keys = 57;
    List<KV<Long, Long>> elements = new ArrayList<>();
    for (long key = 0; key < keys; key++) {
      long times = 1 + key % 3;
      for (long i = 0; i < times; i++) {
        elements.add(KV.of(key, 1L));
      }
    }
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    // All in one bundle (Create gives the DirectRunner one), a map of at most 5 keys.
    PCollection<KV<Long, Long>> counts =
        pipeline
            .apply(Create.of(elements))
            .apply(HashCombinePerKey.<Long, Long, long[], Long>of(Sum.ofLongs()).withMaxKeys(5));
    PAssert.that(counts)
        .satisfies(
            all -> {
              Map<Long, Long> byKey = new HashMap<>();
              all.forEach(
                  kv ->
                      assertNull(
                          byKey.put(kv.getKey(), kv.getValue()), "key " + kv.getKey() + " twice"));
              assertEquals(keys, byKey.size());
              byKey.forEach((key, n) -> assertEquals(1 + key % 3, n, "count of " + key));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesWindowedInputItWouldMixUp() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<Long> windowed =
        pipeline
            .apply(Create.of(1L, 2L))
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> windowed.apply(CountPerElement.of()));
    assertTrue(e.getMessage().contains("global window"), e.getMessage());
  }
}
