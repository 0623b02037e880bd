package io.pinpipe.transforms.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;

/**
 * "The most" with rank-1 ties: every distinct leader, null items included, however the input is
 * split.
 */
class TiedForMaxTest {

  @Test
  void everyDistinctItemTiedForTheHighestValueInEachGroup() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    KvCoder<String, KV<String, Long>> coder =
        KvCoder.of(
            StringUtf8Coder.of(),
            KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of()));
    PCollection<KV<String, KV<String, Long>>> leaders =
        pipeline
            .apply(
                Create.of(
                        Arrays.asList(
                            item("Chad", "Ann", 5),
                            item("Chad", "Bob", 9),
                            item("Chad", null, 9),
                            item("Chad", "Bob", 9),
                            item("Aruba", "Cy", -1),
                            item("Aruba", "Di", -2)))
                    .withCoder(coder))
            .apply(TiedForMax.perGroup());
    PAssert.that(leaders)
        .containsInAnyOrder(item("Chad", "Bob", 9), item("Chad", null, 9), item("Aruba", "Cy", -1));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void theCombinerKeepsTheSameLeadersHoweverTheItemsAreSplit() {
    List<KV<String, Long>> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      items.add(KV.of(i % 7 == 0 ? null : "poster-" + (i % 11), (long) (i % 13)));
    }
    // The highest value, 12, is reached by i = 12, 25, 38, 51: posters 1, 3, 5, 7 (none a multiple
    // of 7).
    CombineFnTester.testCombineFn(
        new TiedForMax.LeadersFn<>(NullableCoder.of(StringUtf8Coder.of())),
        items,
        leaders(12, "poster-1", "poster-3", "poster-5", "poster-7"));
  }

  private static Matcher<TiedForMax.Leaders<String>> leaders(long max, String... names) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(TiedForMax.Leaders<String> leaders) {
        return leaders.max == max
            && leaders.items.equals(new java.util.HashSet<>(Arrays.asList(names)));
      }

      @Override
      public void describeTo(org.hamcrest.Description description) {
        description.appendText("max " + max + " with " + Arrays.toString(names));
      }
    };
  }

  private static KV<String, KV<String, Long>> item(String group, String item, long value) {
    return KV.of(group, KV.of(item, value));
  }
}
