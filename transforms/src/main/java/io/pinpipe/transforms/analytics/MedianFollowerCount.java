package io.pinpipe.transforms.analytics;

import static org.apache.beam.sdk.values.TypeDescriptors.kvs;
import static org.apache.beam.sdk.values.TypeDescriptors.longs;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * q5, q7 and q8: per group, the lower median of the posts' follower counts ({@link
 * MedianPerGroup}). Input: {@code pin_user} pairs; {@code groupOf} gives a pair's group, or null to
 * leave it out, and {@code columns} the group's output columns. Output: rows {@code (group
 * columns..., median_follower_count)} of the question. Posts without a follower count are left out.
 */
final class MedianFollowerCount<K> extends PTransform<PCollection<KV<Row, Row>>, PCollection<Row>> {
  private final Question question;
  private final TypeDescriptor<K> groupType;
  private final SerializableFunction<KV<Row, Row>, K> groupOf;
  private final SerializableFunction<K, List<Object>> columns;

  private MedianFollowerCount(
      Question question,
      TypeDescriptor<K> groupType,
      SerializableFunction<KV<Row, Row>, K> groupOf,
      SerializableFunction<K, List<Object>> columns) {
    this.question = question;
    this.groupType = groupType;
    this.groupOf = groupOf;
    this.columns = columns;
  }

  static <K> MedianFollowerCount<K> per(
      Question question,
      TypeDescriptor<K> groupType,
      SerializableFunction<KV<Row, Row>, K> groupOf,
      SerializableFunction<K, List<Object>> columns) {
    return new MedianFollowerCount<>(question, groupType, groupOf, columns);
  }

  @Override
  public PCollection<Row> expand(PCollection<KV<Row, Row>> pinUser) {
    return pinUser
        .apply(
            "GroupAndFollowers",
            FlatMapElements.into(kvs(groupType, longs()))
                .via(
                    (KV<Row, Row> pair) -> {
                      K group = groupOf.apply(pair);
                      Long followers = JoinedRows.followers(pair);
                      return group == null || followers == null
                          ? List.<KV<K, Long>>of()
                          : List.of(KV.of(group, followers));
                    }))
        .apply("Median", MedianPerGroup.lower())
        .apply(
            "Rows",
            AnswerRows.of(
                question,
                (KV<K, Long> median) -> {
                  List<Object> values = new ArrayList<>(columns.apply(median.getKey()));
                  values.add(median.getValue());
                  return values;
                }));
  }
}
