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
public final class CurateBatch extends PTransform<PCollection<RawRecord>, PCollectionTuple> {
  public static final TupleTag<Row> CURATED = CurateOrDeadLetter.CURATED;
  public static final TupleTag<DeadLetter> DEAD_LETTERS = CurateOrDeadLetter.DEAD_LETTERS;

  private final TableSpec table;
  private final String pipelineName;

  private CurateBatch(TableSpec table, String pipelineName) {
    this.table = table;
    this.pipelineName = pipelineName;
  }

  public static CurateBatch of(TableSpec table, String pipelineName) {
    return new CurateBatch(table, pipelineName);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> raw) {
    PCollectionTuple cleaned =
        raw.apply("CurateOrDeadLetter", CurateOrDeadLetter.of(table, pipelineName));
    PCollection<Row> distinct =
        cleaned
            .get(CurateOrDeadLetter.CURATED)
            .apply("Deduplicate", DeduplicateRows.overWholeInput(table));
    return PCollectionTuple.of(CURATED, distinct)
        .and(DEAD_LETTERS, cleaned.get(CurateOrDeadLetter.DEAD_LETTERS));
  }
}
