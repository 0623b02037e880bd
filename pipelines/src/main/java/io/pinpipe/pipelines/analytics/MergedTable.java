package io.pinpipe.pipelines.analytics;

import io.pinpipe.transforms.DeduplicateRows;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * The serving layer's view of one table (analytics.md, Merged answers): the batch view's rows and
 * the speed layer's rows after its boundary, as distinct cleaned rows (cleaning.md §5). A re-posted
 * row, or a pane the batch view partly covers, counts once; the questions then run over it
 * unchanged.
 */
final class MergedTable extends PTransform<PBegin, PCollection<Row>> {
  private final Table table;
  private final PTransform<PBegin, PCollection<Row>> batchView;
  private final PTransform<PBegin, PCollection<Row>> speedRows;

  MergedTable(
      Table table,
      PTransform<PBegin, PCollection<Row>> batchView,
      PTransform<PBegin, PCollection<Row>> speedRows) {
    this.table = table;
    this.batchView = batchView;
    this.speedRows = speedRows;
  }

  @Override
  public PCollection<Row> expand(PBegin begin) {
    PCollection<Row> batch = begin.apply("BatchView", batchView);
    PCollection<Row> speed = begin.apply("SpeedRowsAfterBoundary", speedRows);
    return PCollectionList.of(batch)
        .and(speed)
        .apply("Union", Flatten.pCollections())
        .setRowSchema(table.curatedSchema())
        .apply("DistinctRows", DeduplicateRows.overWholeInput(table));
  }
}
