package io.pinpipe.transforms.analytics;

import static org.apache.beam.sdk.values.TypeDescriptors.kvs;
import static org.apache.beam.sdk.values.TypeDescriptors.strings;

import java.util.List;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * q1, q2 and q4: per group (country, year, age group), the categories of the most joined posts,
 * with ties. Input: joined pairs; {@code groupOf} gives a pair's group, or null to leave it out.
 * Output: rows {@code (group, category, category_count)} of the question.
 */
final class MostPopularCategory<G> extends PTransform<PCollection<KV<Row, Row>>, PCollection<Row>> {
  private final Question question;
  private final TypeDescriptor<G> groupType;
  private final SerializableFunction<KV<Row, Row>, G> groupOf;

  private MostPopularCategory(
      Question question,
      TypeDescriptor<G> groupType,
      SerializableFunction<KV<Row, Row>, G> groupOf) {
    this.question = question;
    this.groupType = groupType;
    this.groupOf = groupOf;
  }

  static <G> MostPopularCategory<G> per(
      Question question,
      TypeDescriptor<G> groupType,
      SerializableFunction<KV<Row, Row>, G> groupOf) {
    return new MostPopularCategory<>(question, groupType, groupOf);
  }

  @Override
  public PCollection<Row> expand(PCollection<KV<Row, Row>> pairs) {
    return pairs
        .apply(
            "GroupAndCategory",
            FlatMapElements.into(kvs(groupType, strings()))
                .via(
                    (KV<Row, Row> pair) -> {
                      G group = groupOf.apply(pair);
                      return group == null
                          ? List.<KV<G, String>>of()
                          : List.of(KV.of(group, JoinedRows.category(pair)));
                    }))
        .apply("Top", TopWithTies.perGroup())
        .apply(
            "Rows",
            AnswerRows.of(
                question,
                (KV<G, KV<String, Long>> top) ->
                    List.of(top.getKey(), top.getValue().getKey(), top.getValue().getValue())));
  }
}
