package io.pinpipe.transforms.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.pinpipe.transforms.DirectRunnerBundles;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
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
 * <p>Rows meet by key: each group holds one key's rows, so groups stay small however large the
 * tables (Beam's {@code CoGbkResult} must iterate a group more than once past 10,000 rows, which
 * Flink's batch GroupByKey does not allow) and the join runs at the runner's parallelism. The
 * DirectRunner pays per group, so there rows meet in {@link #DIRECT_RUNNER_BUCKETS} buckets by a
 * hash of the key, each joined in memory from a hash of its {@code geo}/{@code user} rows.
 */
public final class JoinOnInd extends PTransform<PCollectionList<Row>, PCollection<KV<Row, Row>>> {
  /** Buckets on the DirectRunner: each holds 1/64 of the geo or user table in memory while joined. */
  public static final int DIRECT_RUNNER_BUCKETS = 64;

  private JoinOnInd() {}

  /** Input: {@code [pin, other]}; output: {@code (pin row, other row)} pairs. */
  public static JoinOnInd pinWith() {
    return new JoinOnInd();
  }

  @Override
  public PCollection<KV<Row, Row>> expand(PCollectionList<Row> tables) {
    PCollection<Row> pin = tables.get(0);
    PCollection<Row> other = tables.get(1);
    TupleTag<Row> pinTag = new TupleTag<>();
    TupleTag<Row> otherTag = new TupleTag<>();
    int buckets = DirectRunnerBundles.isDirect(pin.getPipeline().getOptions()) ? DIRECT_RUNNER_BUCKETS : 0;
    PCollection<KV<Long, Row>> pinByBucket = pin
        .apply("BucketPin", WithKeys.<Long, Row>of(row -> groupOf(row, buckets)).withKeyType(TypeDescriptors.longs()))
        .setCoder(KvCoder.of(VarLongCoder.of(), RowCoder.of(pin.getSchema())));
    PCollection<KV<Long, Row>> otherByBucket = other
        .apply("BucketOther", WithKeys.<Long, Row>of(row -> groupOf(row, buckets)).withKeyType(TypeDescriptors.longs()))
        .setCoder(KvCoder.of(VarLongCoder.of(), RowCoder.of(other.getSchema())));
    return KeyedPCollectionTuple.of(pinTag, pinByBucket)
        .and(otherTag, otherByBucket)
        .apply("CoGroupBuckets", CoGroupByKey.create())
        .apply("HashJoinBucket", ParDo.of(new HashJoinFn(pinTag, otherTag)))
        .setCoder(KvCoder.of(RowCoder.of(pin.getSchema()), RowCoder.of(other.getSchema())));
  }

  /** The row's key itself, or (buckets &gt; 0) a hash of it into that many buckets. */
  private static long groupOf(Row row, int buckets) {
    long ind = row.getInt64("ind");
    return buckets == 0 ? ind : Math.floorMod(Long.hashCode(ind), buckets);
  }

  private static final class HashJoinFn extends DoFn<KV<Long, CoGbkResult>, KV<Row, Row>> {
    private final TupleTag<Row> pinTag;
    private final TupleTag<Row> otherTag;

    HashJoinFn(TupleTag<Row> pinTag, TupleTag<Row> otherTag) {
      this.pinTag = pinTag;
      this.otherTag = otherTag;
    }

    @ProcessElement
    public void process(@Element KV<Long, CoGbkResult> bucket, OutputReceiver<KV<Row, Row>> out) {
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
