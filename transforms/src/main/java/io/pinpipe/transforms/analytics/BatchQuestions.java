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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

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

    // Group columns as explicit lambdas: two serializable `List::of` references of different types
    // in one class deserialize as the same one (a ClassCastException at run time).
    PCollection<Row> q3 = pinGeo.apply("Q3", new MostFollowedPerCountry());
    return PCollectionTuple.of(
            Question.Q1.tag(),
            pinGeo.apply(
                "Q1", MostPopularCategory.per(Question.Q1, strings(), JoinedRows::country)))
        .and(
            Question.Q2.tag(),
            pinGeo.apply("Q2", MostPopularCategory.per(Question.Q2, longs(), JoinedRows::postYear)))
        .and(Question.Q3.tag(), q3)
        .and(Question.Q3_TOP.tag(), q3.apply("Q3Top", new TopCountry()))
        .and(
            Question.Q4.tag(),
            pinUser.apply(
                "Q4", MostPopularCategory.per(Question.Q4, strings(), JoinedRows::ageGroup)))
        .and(
            Question.Q5.tag(),
            pinUser.apply(
                "Q5",
                MedianFollowerCount.per(
                    Question.Q5,
                    strings(),
                    JoinedRows::ageGroup,
                    (String group) -> List.of(group))))
        .and(Question.Q6.tag(), tables.get(USER).apply("Q6", new UsersJoinedPerYear()))
        .and(
            Question.Q7.tag(),
            pinUser.apply(
                "Q7",
                MedianFollowerCount.per(
                    Question.Q7, longs(), JoinedRows::joinYear, (Long year) -> List.of(year))))
        .and(
            Question.Q8.tag(),
            pinUser.apply(
                "Q8",
                MedianFollowerCount.per(
                    Question.Q8,
                    kvs(strings(), longs()),
                    BatchQuestions::ageGroupAndJoinYear,
                    group -> List.of(group.getKey(), group.getValue()))));
  }

  private static KV<String, Long> ageGroupAndJoinYear(KV<Row, Row> pinUser) {
    String group = JoinedRows.ageGroup(pinUser);
    Long year = JoinedRows.joinYear(pinUser);
    return group == null || year == null ? null : KV.of(group, year);
  }

  /** q3: per country, every distinct poster with the most followers. */
  private static final class MostFollowedPerCountry
      extends PTransform<PCollection<KV<Row, Row>>, PCollection<Row>> {
    @Override
    public PCollection<Row> expand(PCollection<KV<Row, Row>> pinGeo) {
      return pinGeo
          .apply(
              "CountryAndPoster",
              FlatMapElements.into(kvs(strings(), kvs(strings(), longs())))
                  .via(
                      (KV<Row, Row> pg) -> {
                        Long followers = JoinedRows.followers(pg);
                        return followers == null
                            ? List.of()
                            : List.of(
                                KV.of(
                                    JoinedRows.country(pg),
                                    KV.of(JoinedRows.posterName(pg), followers)));
                      }))
          .setCoder(
              KvCoder.of(
                  StringUtf8Coder.of(),
                  KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of())))
          .apply("Max", TiedForMax.perGroup())
          .apply(
              "Rows",
              AnswerRows.of(
                  Question.Q3,
                  (KV<String, KV<String, Long>> t) ->
                      Arrays.asList(t.getKey(), t.getValue().getKey(), t.getValue().getValue())));
    }
  }

  /** q3_top: the countries of q3's rows with the overall most followers. */
  private static final class TopCountry extends PTransform<PCollection<Row>, PCollection<Row>> {
    @Override
    public PCollection<Row> expand(PCollection<Row> q3) {
      return q3.apply(
              "CountryAndFollowers",
              MapElements.into(kvs(strings(), kvs(strings(), longs())))
                  .via(
                      (Row r) ->
                          KV.of("", KV.of(r.getString("country"), r.getInt64("follower_count")))))
          .apply("Max", TiedForMax.perGroup())
          .apply(
              "Rows",
              AnswerRows.of(
                  Question.Q3_TOP,
                  (KV<String, KV<String, Long>> t) ->
                      List.of(t.getValue().getKey(), t.getValue().getValue())));
    }
  }

  /** q6: users per joining year. */
  private static final class UsersJoinedPerYear
      extends PTransform<PCollection<Row>, PCollection<Row>> {
    @Override
    public PCollection<Row> expand(PCollection<Row> users) {
      return users
          .apply(
              "JoinYear",
              FlatMapElements.into(longs())
                  .via(
                      (Row u) -> {
                        Long year = JoinedRows.joinYear(u);
                        return year == null ? List.of() : List.of(year);
                      }))
          .apply("Count", CountPerElement.of())
          .apply(
              "Rows",
              AnswerRows.of(Question.Q6, (KV<Long, Long> c) -> List.of(c.getKey(), c.getValue())));
    }
  }
}
