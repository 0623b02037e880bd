package io.pinpipe.iceberg;

import io.pinpipe.transforms.model.TableSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * Curated rows of the speed layer → rows of its table ({@link LakeTables#speedRowSchema}): the same
 * columns and the event time each row was windowed by, so readers can tell what the speed layer
 * covers (e.g. which rows are newer than the batch view).
 */
public final class AddEventTime extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final Schema schema;

  private AddEventTime(Schema schema) {
    this.schema = schema;
  }

  public static AddEventTime of(TableSpec table) {
    return new AddEventTime(LakeTables.speedRowSchema(table));
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("AddEventTime", ParDo.of(new AddFn(schema))).setRowSchema(schema);
  }

  private static final class AddFn extends DoFn<Row, Row> {
    private final Schema schema;

    AddFn(Schema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant eventTime, OutputReceiver<Row> out) {
      // The row's own values (checked when it was built) and an Instant: attached, not checked
      // again.
      List<Object> values = new ArrayList<>(row.getFieldCount() + 1);
      values.addAll(row.getValues());
      values.add(eventTime);
      out.output(Row.withSchema(schema).attachValues(values));
    }
  }
}
