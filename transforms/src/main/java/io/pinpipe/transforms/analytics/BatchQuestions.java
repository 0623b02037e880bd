package io.pinpipe.transforms.analytics;

import static org.apache.beam.sdk.values.TypeDescriptors.kvs;
import static org.apache.beam.sdk.values.TypeDescriptors.longs;
import static org.apache.beam.sdk.values.TypeDescriptors.strings;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The batch questions of analytics.md over the curated tables. Input: the curated {@code pin},
 * {@code geo} and {@code user} rows under {@link #PIN}, {@link #GEO}, {@link #USER}; output: one
 * collection of answer rows per {@link Question}, under {@link Question#tag()} (unordered: the row
 * order is applied where answers are written, {@link Question#rowOrder()}).
 */
public final class BatchQuestions extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<Row> PIN = new TupleTag<>("pin");
  public static final TupleTag<Row> GEO = new TupleTag<>("geo");
  public static final TupleTag<Row> USER = new TupleTag<>("user");

  public static BatchQuestions all() {
    return new BatchQuestions();
  }

  /**
   * The columns of {@code table} the questions read, in the curated order. A source may give rows
   * of only these (a columnar reader then reads, and the joins shuffle, a fraction of each row), as
   * long as it has not de-duplicated them on these columns alone.
   */
  public static Schema columnsRead(io.pinpipe.transforms.model.Table table) {
    List<String> names;
    switch (table) {
      case PIN:
        names = List.of("ind", "category", "follower_count", "poster_name");
        break;
      case GEO:
        names = List.of("ind", "country", "timestamp");
        break;
      case USER:
        names = List.of("ind", "age", "date_joined");
        break;
      default:
        throw new IllegalArgumentException("no questions read " + table);
    }
    Schema.Builder columns = Schema.builder();
    table.curatedSchema().getFields().stream()
        .filter(f -> names.contains(f.getName()))
        .forEach(columns::addField);
    return columns.build();
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple tables) {
    PCollectionTuple joined = tables.apply("JoinOnInd", JoinOnInd.pinWithGeoAndUser());
    PCollection<KV<Row, Row>> pinGeo = joined.get(JoinOnInd.PIN_GEO);
    PCollection<KV<Row, Row>> pinUser = joined.get(JoinOnInd.PIN_USER);

    PCollection<Row> q1 =
        pinGeo
            .apply(
                "Q1Pairs",
                MapElements.into(kvs(strings(), strings()))
                    .via(
                        (KV<Row, Row> pg) ->
                            KV.of(
                                pg.getValue().getString("country"),
                                pg.getKey().getString("category"))))
            .apply("Q1Top", TopWithTies.perGroup())
            .apply(
                "Q1Rows",
                toRows(
                    Question.Q1,
                    (KV<String, KV<String, Long>> t) ->
                        List.of(t.getKey(), t.getValue().getKey(), t.getValue().getValue())));

    PCollection<Row> q2 =
        pinGeo
            .apply(
                "Q2Pairs",
                FlatMapElements.into(kvs(longs(), strings()))
                    .via(
                        (KV<Row, Row> pg) -> {
                          Long year =
                              UtcYear.within(
                                  pg.getValue().getDateTime("timestamp"),
                                  Question.POST_YEARS_FROM,
                                  Question.POST_YEARS_TO);
                          return year == null
                              ? List.of()
                              : List.of(KV.of(year, pg.getKey().getString("category")));
                        }))
            .apply("Q2Top", TopWithTies.perGroup())
            .apply(
                "Q2Rows",
                toRows(
                    Question.Q2,
                    (KV<Long, KV<String, Long>> t) ->
                        List.of(t.getKey(), t.getValue().getKey(), t.getValue().getValue())));

    PCollection<Row> q3 =
        pinGeo
            .apply(
                "Q3Posters",
                FlatMapElements.into(kvs(strings(), kvs(strings(), longs())))
                    .via(
                        (KV<Row, Row> pg) -> {
                          Long followers = pg.getKey().getInt64("follower_count");
                          return followers == null
                              ? List.of()
                              : List.of(
                                  KV.of(
                                      pg.getValue().getString("country"),
                                      KV.of(pg.getKey().getString("poster_name"), followers)));
                        }))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(),
                    KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of())))
            .apply("Q3Max", TiedForMax.perGroup())
            .apply(
                "Q3Rows",
                toRows(
                    Question.Q3,
                    (KV<String, KV<String, Long>> t) ->
                        Arrays.asList(t.getKey(), t.getValue().getKey(), t.getValue().getValue())));

    PCollection<Row> q3Top =
        q3.apply(
                "Q3TopAll",
                MapElements.into(kvs(strings(), kvs(strings(), longs())))
                    .via(
                        (Row r) ->
                            KV.of("", KV.of(r.getString("country"), r.getInt64("follower_count")))))
            .apply("Q3TopMax", TiedForMax.perGroup())
            .apply(
                "Q3TopRows",
                toRows(
                    Question.Q3_TOP,
                    (KV<String, KV<String, Long>> t) ->
                        List.of(t.getValue().getKey(), t.getValue().getValue())));

    PCollection<Row> q4 =
        pinUser
            .apply(
                "Q4Pairs",
                FlatMapElements.into(kvs(strings(), strings()))
                    .via(
                        (KV<Row, Row> pu) -> {
                          String group = AgeGroup.of(pu.getValue().getInt32("age"));
                          return group == null
                              ? List.of()
                              : List.of(KV.of(group, pu.getKey().getString("category")));
                        }))
            .apply("Q4Top", TopWithTies.perGroup())
            .apply(
                "Q4Rows",
                toRows(
                    Question.Q4,
                    (KV<String, KV<String, Long>> t) ->
                        List.of(t.getKey(), t.getValue().getKey(), t.getValue().getValue())));

    PCollection<Row> q5 =
        pinUser
            .apply(
                "Q5Values",
                FlatMapElements.into(kvs(strings(), longs()))
                    .via(
                        (KV<Row, Row> pu) -> {
                          String group = AgeGroup.of(pu.getValue().getInt32("age"));
                          Long followers = pu.getKey().getInt64("follower_count");
                          return group == null || followers == null
                              ? List.of()
                              : List.of(KV.of(group, followers));
                        }))
            .apply("Q5Median", MedianPerGroup.lower())
            .apply(
                "Q5Rows",
                toRows(Question.Q5, (KV<String, Long> m) -> List.of(m.getKey(), m.getValue())));

    PCollection<Row> q6 =
        tables
            .get(USER)
            .apply(
                "Q6Years",
                FlatMapElements.into(longs())
                    .via(
                        (Row u) -> {
                          Long year =
                              UtcYear.within(
                                  u.getDateTime("date_joined"),
                                  Question.JOIN_YEARS_FROM,
                                  Question.JOIN_YEARS_TO);
                          return year == null ? List.of() : List.of(year);
                        }))
            .apply("Q6Count", CountPerElement.of())
            .apply(
                "Q6Rows",
                toRows(Question.Q6, (KV<Long, Long> c) -> List.of(c.getKey(), c.getValue())));

    PCollection<Row> q7 =
        pinUser
            .apply(
                "Q7Values",
                FlatMapElements.into(kvs(longs(), longs()))
                    .via(
                        (KV<Row, Row> pu) -> {
                          Long year =
                              UtcYear.within(
                                  pu.getValue().getDateTime("date_joined"),
                                  Question.JOIN_YEARS_FROM,
                                  Question.JOIN_YEARS_TO);
                          Long followers = pu.getKey().getInt64("follower_count");
                          return year == null || followers == null
                              ? List.of()
                              : List.of(KV.of(year, followers));
                        }))
            .apply("Q7Median", MedianPerGroup.lower())
            .apply(
                "Q7Rows",
                toRows(Question.Q7, (KV<Long, Long> m) -> List.of(m.getKey(), m.getValue())));

    PCollection<Row> q8 =
        pinUser
            .apply(
                "Q8Values",
                FlatMapElements.into(kvs(kvs(strings(), longs()), longs()))
                    .via(
                        (KV<Row, Row> pu) -> {
                          String group = AgeGroup.of(pu.getValue().getInt32("age"));
                          Long year =
                              UtcYear.within(
                                  pu.getValue().getDateTime("date_joined"),
                                  Question.JOIN_YEARS_FROM,
                                  Question.JOIN_YEARS_TO);
                          Long followers = pu.getKey().getInt64("follower_count");
                          return group == null || year == null || followers == null
                              ? List.of()
                              : List.of(KV.of(KV.of(group, year), followers));
                        }))
            .apply("Q8Median", MedianPerGroup.lower())
            .apply(
                "Q8Rows",
                toRows(
                    Question.Q8,
                    (KV<KV<String, Long>, Long> m) ->
                        List.of(m.getKey().getKey(), m.getKey().getValue(), m.getValue())));

    return PCollectionTuple.of(Question.Q1.tag(), q1)
        .and(Question.Q2.tag(), q2)
        .and(Question.Q3.tag(), q3)
        .and(Question.Q3_TOP.tag(), q3Top)
        .and(Question.Q4.tag(), q4)
        .and(Question.Q5.tag(), q5)
        .and(Question.Q6.tag(), q6)
        .and(Question.Q7.tag(), q7)
        .and(Question.Q8.tag(), q8);
  }

  private static <T> PTransform<PCollection<T>, PCollection<Row>> toRows(
      Question question, SerializableFunction<T, List<Object>> values) {
    return new PTransform<PCollection<T>, PCollection<Row>>() {
      @Override
      public PCollection<Row> expand(PCollection<T> input) {
        return input
            .apply(
                MapElements.into(TypeDescriptor.of(Row.class))
                    .via(
                        (T t) ->
                            Row.withSchema(question.schema()).addValues(values.apply(t)).build()))
            .setRowSchema(question.schema());
      }
    };
  }
}
