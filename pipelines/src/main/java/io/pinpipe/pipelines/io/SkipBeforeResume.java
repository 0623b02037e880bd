package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Passes the records of a resumed read from the time it resumed at on, and counts the older ones it
 * skips ({@link TableCounters#SKIPPED_BEFORE_RESUME}): see {@code StreamResume}.
 */
final class SkipBeforeResume extends DoFn<RawRecord, RawRecord> {
  private final long fromMillis;
  private final Counter skipped;

  /** {@code records} of a read resumed at {@code from}, or all of them when it did not resume. */
  static PCollection<RawRecord> applyTo(
      PCollection<RawRecord> records, TableSpec table, @Nullable Instant from) {
    return from == null
        ? records
        : records.apply("SkipBeforeResume", ParDo.of(new SkipBeforeResume(table, from)));
  }

  private SkipBeforeResume(TableSpec table, Instant from) {
    this.fromMillis = from.getMillis();
    this.skipped = TableCounters.counter(table, TableCounters.SKIPPED_BEFORE_RESUME);
  }

  @ProcessElement
  public void process(
      @Element RawRecord record, @Timestamp Instant time, OutputReceiver<RawRecord> out) {
    if (time.getMillis() >= fromMillis) {
      out.output(record);
    } else {
      skipped.inc();
    }
  }
}
