package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.CuratedSchemas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class GroupByShardTest {
  private static Row user(long ind) {
    return Row.withSchema(CuratedSchemas.USER).addValues(ind, "u", null, null).build();
  }

  @Test
  void consecutiveKeysAreSpreadEvenlyOverTheShards() {
    int[] rows = new int[4];
    for (long ind = 0; ind < 100_000; ind++) {
      rows[GroupByShard.shardOf(user(ind), 4)]++;
    }
    for (int count : rows) {
      assertTrue(Math.abs(count - 25_000) < 500, "rows per shard: " + count);
    }
  }

  @Test
  void theKeysOfOneShardSpreadOverTheBucketsOfAHashMap() {
    // java.util.HashMap's bucket of a Long key in a table of 1,024 buckets. The shard's ~780 keys
    // put at random would use about 1,024 × (1 − e^(−780/1,024)) ≈ 546 of them; the key itself
    // modulo 128 as the shard used 8.
    Set<Integer> buckets = new HashSet<>();
    for (long ind = 0; ind < 100_000; ind++) {
      if (GroupByShard.shardOf(user(ind), 128) == 5) {
        int hash = Long.hashCode(ind);
        buckets.add((hash ^ (hash >>> 16)) & 1023);
      }
    }
    assertTrue(buckets.size() > 450, "buckets used: " + buckets.size() + " of 1,024");
  }

  @Test
  void inBundleBatchesGroupsTheSameRowsPerWindowAsRowByRow() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    TestStream.Builder<Row> input = TestStream.create(CuratedSchemas.USER);
    List<TimestampedValue<Row>> first = new ArrayList<>();
    List<TimestampedValue<Row>> second = new ArrayList<>();
    for (long ind = 0; ind < 2_500; ind++) { // more than one list of BATCH_ROWS per shard
      first.add(TimestampedValue.of(user(ind), new Instant(ind % 10_000)));
      second.add(TimestampedValue.of(user(10_000 + ind), new Instant(10_000 + ind % 10_000)));
    }
    TestStream<Row> rows =
        input
            .addElements(
                first.get(0), first.subList(1, first.size()).toArray(new TimestampedValue[0]))
            .advanceWatermarkTo(new Instant(10_000))
            .addElements(
                second.get(0), second.subList(1, second.size()).toArray(new TimestampedValue[0]))
            .advanceWatermarkToInfinity();
    PCollection<Row> windowed =
        pipeline
            .apply("Rows", rows)
            .apply("Windows", Window.into(FixedWindows.of(Duration.standardSeconds(10))));
    PCollection<String> rowByRow =
        windowed.apply("RowByRow", GroupByShard.of(CuratedSchemas.USER, 2)).apply("A", describe());
    PCollection<String> batched =
        windowed
            .apply("Batched", GroupByShard.of(CuratedSchemas.USER, 2).inBundleBatches())
            .apply("B", describe());

    IntervalWindow w1 = new IntervalWindow(new Instant(0), new Instant(10_000));
    IntervalWindow w2 = new IntervalWindow(new Instant(10_000), new Instant(20_000));
    String[] expected1 = expected(0, 2);
    String[] expected2 = expected(10_000, 2);
    PAssert.that(rowByRow).inWindow(w1).containsInAnyOrder(expected1);
    PAssert.that(batched).inWindow(w1).containsInAnyOrder(expected1);
    PAssert.that(rowByRow).inWindow(w2).containsInAnyOrder(expected2);
    PAssert.that(batched).inWindow(w2).containsInAnyOrder(expected2);
    pipeline.run().waitUntilFinish();
  }

  /** "shard:ind,ind,..." (sorted) per shard, for the 2,500 keys from {@code from}. */
  private static String[] expected(long from, int shards) {
    List<TreeSet<Long>> inds = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      inds.add(new TreeSet<>());
    }
    for (long ind = from; ind < from + 2_500; ind++) {
      inds.get(GroupByShard.shardOf(user(ind), shards)).add(ind);
    }
    String[] out = new String[shards];
    for (int s = 0; s < shards; s++) {
      out[s] = s + ":" + inds.get(s);
    }
    return out;
  }

  private static ParDo.SingleOutput<KV<Integer, Iterable<Row>>, String> describe() {
    return ParDo.of(new DescribeFn());
  }

  private static final class DescribeFn extends DoFn<KV<Integer, Iterable<Row>>, String> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Row>> group, OutputReceiver<String> out) {
      TreeSet<Long> inds = new TreeSet<>();
      int rows = 0;
      for (Row row : group.getValue()) {
        inds.add(row.getInt64("ind"));
        rows++;
      }
      if (rows != inds.size()) {
        throw new IllegalStateException("a row twice in shard " + group.getKey());
      }
      out.output(group.getKey() + ":" + inds);
    }
  }
}
