package io.pinpipe.transforms.analytics;

import io.pinpipe.transforms.DirectRunnerBundles;
import io.pinpipe.transforms.model.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * analytics.md's two inner joins on {@code ind}, {@code pin_geo = pin ⋈ geo} and {@code pin_user =
 * pin ⋈ user}, from one grouping of the three tables: each {@code pin} row is shuffled once for
 * both. Input: the tables under {@link BatchQuestions#PIN}, {@link BatchQuestions#GEO}, {@link
 * BatchQuestions#USER}; output: {@code (pin row, other row)} pairs under {@link #PIN_GEO} and
 * {@link #PIN_USER}. Every matching pair is one element (a key with two distinct rows on one side
 * joins twice).
 *
 * <p>Rows meet by key: each group holds one key's rows, so groups stay small however large the
 * tables (Beam's {@code CoGbkResult} must iterate a group more than once past 10,000 rows, which
 * Flink's batch GroupByKey does not allow) and the join runs at the runner's parallelism. The
 * DirectRunner pays per group, so there rows meet in {@link #DIRECT_RUNNER_BUCKETS} buckets by a
 * hash of the key, each joined in memory from a hash of its {@code geo} and {@code user} rows.
 */
public final class JoinOnInd extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<KV<Row, Row>> PIN_GEO = new TupleTag<>("pin_geo");
  public static final TupleTag<KV<Row, Row>> PIN_USER = new TupleTag<>("pin_user");

  /**
   * Buckets on the DirectRunner: each holds 1/64 of the geo and user tables in memory while joined.
   */
  public static final int DIRECT_RUNNER_BUCKETS = 64;

  private JoinOnInd() {}

  public static JoinOnInd pinWithGeoAndUser() {
    return new JoinOnInd();
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple tables) {
    int buckets =
        DirectRunnerBundles.isDirect(tables.getPipeline().getOptions()) ? DIRECT_RUNNER_BUCKETS : 0;
    PCollection<Row> pin = tables.get(BatchQuestions.PIN);
    PCollection<Row> geo = tables.get(BatchQuestions.GEO);
    PCollection<Row> user = tables.get(BatchQuestions.USER);
    PCollectionTuple pairs =
        KeyedPCollectionTuple.of(BatchQuestions.PIN, byGroup("KeyPin", pin, buckets))
            .and(BatchQuestions.GEO, byGroup("KeyGeo", geo, buckets))
            .and(BatchQuestions.USER, byGroup("KeyUser", user, buckets))
            .apply("CoGroupByInd", CoGroupByKey.create())
            .apply(
                "PairRows",
                ParDo.of(new HashJoinFn()).withOutputTags(PIN_GEO, TupleTagList.of(PIN_USER)));
    pairs.get(PIN_GEO).setCoder(pairCoder(pin.getSchema(), geo.getSchema()));
    pairs.get(PIN_USER).setCoder(pairCoder(pin.getSchema(), user.getSchema()));
    return pairs;
  }

  private static PCollection<KV<Long, Row>> byGroup(
      String name, PCollection<Row> rows, int buckets) {
    return rows.apply(
            name,
            WithKeys.<Long, Row>of(row -> groupOf(row, buckets))
                .withKeyType(TypeDescriptors.longs()))
        .setCoder(KvCoder.of(VarLongCoder.of(), RowCoder.of(rows.getSchema())));
  }

  private static KvCoder<Row, Row> pairCoder(Schema pin, Schema other) {
    return KvCoder.of(RowCoder.of(pin), RowCoder.of(other));
  }

  /** The row's key itself, or (buckets &gt; 0) a hash of it into that many buckets. */
  private static long groupOf(Row row, int buckets) {
    long ind = row.getInt64(Table.KEY_COLUMN);
    return buckets == 0 ? ind : Math.floorMod(Long.hashCode(ind), buckets);
  }

  private static final class HashJoinFn extends DoFn<KV<Long, CoGbkResult>, KV<Row, Row>> {
    @ProcessElement
    public void process(@Element KV<Long, CoGbkResult> group, MultiOutputReceiver out) {
      CoGbkResult rows = group.getValue();
      Map<Long, List<Row>> geos = byInd(rows.getAll(BatchQuestions.GEO));
      Map<Long, List<Row>> users = byInd(rows.getAll(BatchQuestions.USER));
      if (geos.isEmpty() && users.isEmpty()) {
        return;
      }
      OutputReceiver<KV<Row, Row>> pinGeo = out.get(PIN_GEO);
      OutputReceiver<KV<Row, Row>> pinUser = out.get(PIN_USER);
      for (Row pin : rows.getAll(BatchQuestions.PIN)) {
        long ind = pin.getInt64(Table.KEY_COLUMN);
        for (Row geo : geos.getOrDefault(ind, List.of())) {
          pinGeo.output(KV.of(pin, geo));
        }
        for (Row user : users.getOrDefault(ind, List.of())) {
          pinUser.output(KV.of(pin, user));
        }
      }
    }

    private static Map<Long, List<Row>> byInd(Iterable<Row> rows) {
      Map<Long, List<Row>> byInd = new HashMap<>();
      for (Row row : rows) {
        byInd.computeIfAbsent(row.getInt64(Table.KEY_COLUMN), k -> new ArrayList<>(1)).add(row);
      }
      return byInd;
    }
  }
}
