package io.pinpipe.transforms.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * analytics.md: the inner join of {@code pin} with {@code geo} or {@code user} on {@code ind}.
 * Every matching pair is one output element (a key with two distinct rows on one side joins twice).
 *
 * <p>Rows meet in a fixed number of buckets by key, and each bucket is joined in memory from a
 * hash of its {@code geo}/{@code user} rows (1/buckets of that table) while its pins stream by.
 * Grouping by bucket rather than by key keeps one shuffle and makes the DirectRunner fast (it
 * makes one bundle per group).
 */
public final class JoinOnInd extends PTransform<PCollectionList<Row>, PCollection<KV<Row, Row>>> {
  public static final int DEFAULT_BUCKETS = 64;

  private final int buckets;

  private JoinOnInd(int buckets) {
    this.buckets = buckets;
  }

  /** Input: {@code [pin, other]}; output: {@code (pin row, other row)} pairs. */
  public static JoinOnInd pinWith() {
    return new JoinOnInd(DEFAULT_BUCKETS);
  }

  @Override
  public PCollection<KV<Row, Row>> expand(PCollectionList<Row> tables) {
    PCollection<Row> pin = tables.get(0);
    PCollection<Row> other = tables.get(1);
    TupleTag<Row> pinTag = new TupleTag<>();
    TupleTag<Row> otherTag = new TupleTag<>();
    int bucketCount = buckets;
    PCollection<KV<Integer, Row>> pinByBucket = pin
        .apply("BucketPin", WithKeys.<Integer, Row>of(row -> Math.floorMod(Long.hashCode(row.getInt64("ind")), bucketCount))
            .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(pin.getSchema())));
    PCollection<KV<Integer, Row>> otherByBucket = other
        .apply("BucketOther", WithKeys.<Integer, Row>of(row -> Math.floorMod(Long.hashCode(row.getInt64("ind")), bucketCount))
            .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(other.getSchema())));
    return KeyedPCollectionTuple.of(pinTag, pinByBucket)
        .and(otherTag, otherByBucket)
        .apply("CoGroupBuckets", CoGroupByKey.create())
        .apply("HashJoinBucket", ParDo.of(new HashJoinFn(pinTag, otherTag)))
        .setCoder(KvCoder.of(RowCoder.of(pin.getSchema()), RowCoder.of(other.getSchema())));
  }

  private static final class HashJoinFn extends DoFn<KV<Integer, CoGbkResult>, KV<Row, Row>> {
    private final TupleTag<Row> pinTag;
    private final TupleTag<Row> otherTag;

    HashJoinFn(TupleTag<Row> pinTag, TupleTag<Row> otherTag) {
      this.pinTag = pinTag;
      this.otherTag = otherTag;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> bucket, OutputReceiver<KV<Row, Row>> out) {
      Map<Long, List<Row>> others = new HashMap<>();
      for (Row other : bucket.getValue().getAll(otherTag)) {
        others.computeIfAbsent(other.getInt64("ind"), k -> new ArrayList<>(1)).add(other);
      }
      for (Row pin : bucket.getValue().getAll(pinTag)) {
        for (Row other : others.getOrDefault(pin.getInt64("ind"), List.of())) {
          out.output(KV.of(pin, other));
        }
      }
    }
  }
}
