package io.pinpipe.pipelines.analytics;

import io.pinpipe.pipelines.io.AnswerSink;
import io.pinpipe.transforms.analytics.Question;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Writes one answer to {@code <root>/analytics/<id>.csv} and {@code .json} in the question's row
 * order. An answer is small (one row per country at most), so it is gathered in one place; an empty
 * answer still gets its files (a header, an empty array).
 */
public final class WriteAnswer extends PTransform<PCollection<Row>, PDone> {
  private final Question question;
  private final String root;

  private WriteAnswer(Question question, String root) {
    this.question = question;
    this.root = root;
  }

  public static WriteAnswer of(Question question, String root) {
    return new WriteAnswer(question, root);
  }

  @Override
  public PDone expand(PCollection<Row> rows) {
    rows.apply("GatherRows", Combine.globally(new ToListFn(question)))
        .apply("SortAndWrite", ParDo.of(new WriteFn(question, root)));
    return PDone.in(rows.getPipeline());
  }

  /** The answer as plain values, in row order. */
  static AnalyticsAnswer answer(Question question, List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(question.rowOrder());
    List<List<Object>> values = new ArrayList<>();
    for (Row row : sorted) {
      values.add(new ArrayList<>(row.getValues()));
    }
    return new AnalyticsAnswer(
        question.id(), question.text(), question.schema().getFieldNames(), values);
  }

  private static final class ToListFn extends Combine.CombineFn<Row, List<Row>, List<Row>> {
    private final Question question;

    ToListFn(Question question) {
      this.question = question;
    }

    @Override
    public List<Row> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<Row> addInput(List<Row> accumulator, Row row) {
      accumulator.add(row);
      return accumulator;
    }

    @Override
    public List<Row> mergeAccumulators(Iterable<List<Row>> accumulators) {
      List<Row> merged = new ArrayList<>();
      accumulators.forEach(merged::addAll);
      return merged;
    }

    @Override
    public List<Row> extractOutput(List<Row> accumulator) {
      return accumulator;
    }

    @Override
    public Coder<List<Row>> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return ListCoder.of(RowCoder.of(question.schema()));
    }

    @Override
    public Coder<List<Row>> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return ListCoder.of(RowCoder.of(question.schema()));
    }
  }

  private static final class WriteFn extends DoFn<List<Row>, Void> {
    private final Question question;
    private final String root;

    WriteFn(Question question, String root) {
      this.question = question;
      this.root = root;
    }

    @ProcessElement
    public void process(@Element List<Row> rows) throws IOException {
      AnalyticsAnswer answer = answer(question, rows);
      AnswerSink.write(root, question.id() + ".csv", AnswerFiles.csv(answer));
      AnswerSink.write(root, question.id() + ".json", AnswerFiles.json(answer));
    }
  }
}
