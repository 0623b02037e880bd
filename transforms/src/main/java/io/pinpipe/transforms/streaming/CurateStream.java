package io.pinpipe.transforms.streaming;

import io.pinpipe.transforms.CurateOrDeadLetter;
import io.pinpipe.transforms.DeduplicateRows;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * The speed layer's cleaning of one table: the same parsing and cleaning as the batch layer ({@link
 * CurateOrDeadLetter}), then the de-duplication within a horizon of event time ({@link
 * DeduplicateRows#withinHorizon}, cleaning.md §5), then fixed event-time windows.
 *
 * <p>Each window fires once when the watermark passes its end (the on-time pane) and once more for
 * every record that arrives within the allowed lateness (late panes, holding only the late
 * records). Records later than that are dropped by the runner's grouping and counted by it in the
 * counter {@link #DROPPED_DUE_TO_LATENESS}, which the pipeline reports.
 */
public final class CurateStream extends PTransform<PCollection<RawRecord>, PCollectionTuple> {
  public static final TupleTag<Row> CURATED = CurateOrDeadLetter.CURATED;
  public static final TupleTag<DeadLetter> DEAD_LETTERS = CurateOrDeadLetter.DEAD_LETTERS;

  /**
   * The runners' counter of records dropped as later than the allowed lateness; its namespace and
   * capitalisation differ by runner ({@code DroppedDueToLateness} on the DirectRunner), so match
   * the name ignoring case.
   */
  public static final String DROPPED_DUE_TO_LATENESS = "droppedDueToLateness";

  private final TableSpec table;
  private final String pipelineName;
  private final Duration window;
  private final Duration allowedLateness;
  private final Duration dedupHorizon;

  private CurateStream(
      TableSpec table,
      String pipelineName,
      Duration window,
      Duration allowedLateness,
      Duration dedupHorizon) {
    this.table = table;
    this.pipelineName = pipelineName;
    this.window = window;
    this.allowedLateness = allowedLateness;
    this.dedupHorizon = dedupHorizon;
  }

  /** Defaults: 60 s windows, no allowed lateness, a 10-minute de-duplication horizon. */
  public static CurateStream of(TableSpec table, String pipelineName) {
    return new CurateStream(
        table,
        pipelineName,
        Duration.standardSeconds(60),
        Duration.ZERO,
        Duration.standardMinutes(10));
  }

  public CurateStream withWindow(Duration window) {
    return new CurateStream(table, pipelineName, window, allowedLateness, dedupHorizon);
  }

  public CurateStream withAllowedLateness(Duration allowedLateness) {
    return new CurateStream(table, pipelineName, window, allowedLateness, dedupHorizon);
  }

  public CurateStream withDedupHorizon(Duration dedupHorizon) {
    return new CurateStream(table, pipelineName, window, allowedLateness, dedupHorizon);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> raw) {
    PCollectionTuple cleaned =
        raw.apply("CurateOrDeadLetter", CurateOrDeadLetter.of(table, pipelineName));
    Window<Row> rowWindows = windowing();
    PCollection<Row> windowed =
        cleaned
            .get(CurateOrDeadLetter.CURATED)
            .apply("DeduplicateWithinHorizon", DeduplicateRows.withinHorizon(table, dedupHorizon))
            .apply("FixedWindows", rowWindows);
    // Dead letters are written per window and pane too, so they reach storage as the rows do.
    PCollection<DeadLetter> deadLetters =
        cleaned
            .get(CurateOrDeadLetter.DEAD_LETTERS)
            .apply("DeadLetterWindows", this.<DeadLetter>windowing());
    return PCollectionTuple.of(CURATED, windowed).and(DEAD_LETTERS, deadLetters);
  }

  /**
   * The windows and trigger the curated rows are cut into, for anything that must fire in the same
   * panes (e.g. the source positions a pane's commit records).
   */
  public <T> Window<T> windowing() {
    return Window.<T>into(FixedWindows.of(window))
        .triggering(
            AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(allowedLateness)
        .discardingFiredPanes();
  }
}
