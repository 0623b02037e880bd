package io.pinpipe.transforms.analytics;

import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/** The last step of every question: its results as rows of the question's output schema. */
final class AnswerRows<T> extends PTransform<PCollection<T>, PCollection<Row>> {
  private final Question question;
  private final SerializableFunction<T, List<Object>> columns;

  private AnswerRows(Question question, SerializableFunction<T, List<Object>> columns) {
    this.question = question;
    this.columns = columns;
  }

  /** {@code columns} gives a result's values in the question's column order. */
  static <T> AnswerRows<T> of(Question question, SerializableFunction<T, List<Object>> columns) {
    return new AnswerRows<>(question, columns);
  }

  @Override
  public PCollection<Row> expand(PCollection<T> results) {
    return results
        .apply(
            "Row",
            MapElements.into(TypeDescriptor.of(Row.class))
                .via(
                    (T result) ->
                        Row.withSchema(question.schema()).addValues(columns.apply(result)).build()))
        .setRowSchema(question.schema());
  }
}
