package io.pinpipe.transforms;

import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import io.pinpipe.transforms.parse.InvalidRecordException;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses and cleans the raw records of one table. Every input element comes out exactly once: as a
 * curated {@link Row} on {@link #CURATED} or as a {@link DeadLetter} on {@link #DEAD_LETTERS}.
 */
public final class CurateOrDeadLetter extends PTransform<PCollection<RawRecord>, PCollectionTuple> {
  public static final TupleTag<Row> CURATED = new TupleTag<Row>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private final TableSpec table;
  private final String pipelineName;

  private CurateOrDeadLetter(TableSpec table, String pipelineName) {
    this.table = table;
    this.pipelineName = pipelineName;
  }

  /** {@code pipelineName} is recorded in every dead letter. */
  public static CurateOrDeadLetter of(TableSpec table, String pipelineName) {
    return new CurateOrDeadLetter(table, pipelineName);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> input) {
    PCollectionTuple result =
        input.apply(
            "CurateOrDeadLetter",
            ParDo.of(new CurateFn(table, pipelineName))
                .withOutputTags(CURATED, TupleTagList.of(DEAD_LETTERS)));
    result.get(CURATED).setRowSchema(table.curatedSchema());
    return result;
  }

  private static final class CurateFn extends DoFn<RawRecord, Row> {
    private final TableSpec table;
    private final String pipelineName;
    private final RecordCleaner cleaner;
    private final Counter read;
    private final Counter curated;
    private final Counter deadLettered;

    CurateFn(TableSpec table, String pipelineName) {
      this.table = table;
      this.pipelineName = pipelineName;
      this.cleaner = table.cleaner();
      this.read = TableCounters.counter(table, TableCounters.READ);
      this.curated = TableCounters.counter(table, TableCounters.CURATED_BEFORE_DEDUP);
      this.deadLettered = TableCounters.counter(table, TableCounters.DEAD_LETTERED);
    }

    @ProcessElement
    public void process(@Element RawRecord record, MultiOutputReceiver out) {
      read.inc();
      String error = record.readError;
      if (error == null) {
        try {
          out.get(CURATED).output(cleaner.curate(record.payload));
          curated.inc();
          return;
        } catch (InvalidRecordException e) {
          error = e.getMessage();
        } catch (RuntimeException e) {
          // A rule this code did not foresee must not stop the pipeline or lose the record.
          error = "unexpected error: " + e;
        }
      }
      deadLettered.inc();
      out.get(DEAD_LETTERS)
          .output(
              new DeadLetter(
                  table.id(),
                  record.source,
                  record.payload,
                  error,
                  pipelineName,
                  // Milliseconds: the precision of the dead-letter table's timestamps (Beam
                  // DATETIME).
                  Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()));
    }
  }
}
