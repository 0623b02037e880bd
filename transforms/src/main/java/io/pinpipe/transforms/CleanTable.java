package io.pinpipe.transforms;

import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The batch cleaning of one table: parse and clean every raw record, then drop exact duplicates.
 * Outputs the de-duplicated curated rows on {@link #CURATED} and the dead letters on {@link
 * #DEAD_LETTERS}.
 */
public final class CleanTable extends PTransform<PCollection<RawRecord>, PCollectionTuple> {
  public static final TupleTag<Row> CURATED = ParseAndClean.CURATED;
  public static final TupleTag<DeadLetter> DEAD_LETTERS = ParseAndClean.DEAD_LETTERS;

  private final TableSpec table;
  private final String pipelineName;

  private CleanTable(TableSpec table, String pipelineName) {
    this.table = table;
    this.pipelineName = pipelineName;
  }

  public static CleanTable of(TableSpec table, String pipelineName) {
    return new CleanTable(table, pipelineName);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> raw) {
    PCollectionTuple cleaned = raw.apply("ParseAndClean", ParseAndClean.of(table, pipelineName));
    PCollection<Row> distinct =
        cleaned
            .get(ParseAndClean.CURATED)
            .apply("Deduplicate", DeduplicateRows.overWholeInput(table));
    return PCollectionTuple.of(CURATED, distinct)
        .and(DEAD_LETTERS, cleaned.get(ParseAndClean.DEAD_LETTERS));
  }
}
