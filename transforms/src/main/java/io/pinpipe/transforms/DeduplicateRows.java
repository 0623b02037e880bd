package io.pinpipe.transforms;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.Deduplicate;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * cleaning.md §5, the one de-duplication of the curated rows, applied by {@code clean} and {@code
 * stream} before they write: each distinct row once, rows of one key with different content all
 * kept. Counts the rows after de-duplication ({@link TableCounters#CURATED_AFTER_DEDUP}).
 *
 * <ul>
 *   <li>{@link #overWholeInput}: batch. Rows are grouped by shard ({@link GroupByShard}) and each
 *       shard is de-duplicated with {@link DistinctRows}, holding only that shard's fingerprints in
 *       memory; keys with several distinct rows are counted ({@link TableCounters#KEY_CONFLICTS}).
 *   <li>{@link #withinHorizon}: streaming. Beam's own {@link Deduplicate} keyed by the row's JSON
 *       Lines form, within a horizon of event time.
 * </ul>
 */
public final class DeduplicateRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  /** Default shard count for batch de-duplication. */
  public static final int DEFAULT_SHARDS = 16;

  private final Table table;
  private final int shards;
  private final @Nullable Duration horizon;

  private DeduplicateRows(Table table, int shards, @Nullable Duration horizon) {
    this.table = table;
    this.shards = shards;
    this.horizon = horizon;
  }

  /** Batch: over the whole input, in {@link #DEFAULT_SHARDS} shards. */
  public static DeduplicateRows overWholeInput(Table table) {
    return new DeduplicateRows(table, DEFAULT_SHARDS, null);
  }

  /** Streaming: duplicates within {@code horizon} of event time of each other. */
  public static DeduplicateRows withinHorizon(Table table, Duration horizon) {
    return new DeduplicateRows(table, 1, horizon);
  }

  /** Batch: the number of shards the rows are grouped in (the parallelism of de-duplication). */
  public DeduplicateRows withShards(int shards) {
    if (horizon != null) {
      throw new IllegalStateException("shards apply to batch de-duplication only");
    }
    return new DeduplicateRows(table, shards, null);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> curated) {
    if (horizon != null) {
      return curated
          .apply("DropDuplicatesWithinHorizon", Deduplicate.withRepresentativeValueFn(CuratedJson::toJson)
              .withRepresentativeType(TypeDescriptors.strings())
              .withTimeDomain(TimeDomain.EVENT_TIME)
              .withDuration(horizon))
          .setRowSchema(CuratedSchemas.of(table))
          .apply("CountDistinct", ParDo.of(new CountFn(table)))
          .setRowSchema(CuratedSchemas.of(table));
    }
    return curated
        .apply("GroupByShard", GroupByShard.of(table, shards))
        .apply("DropExactDuplicates", ParDo.of(new DistinctInShardFn(table)))
        .setRowSchema(CuratedSchemas.of(table));
  }

  private static final class CountFn extends DoFn<Row, Row> {
    private final Counter afterDedup;

    CountFn(Table table) {
      this.afterDedup = TableCounters.counter(table, TableCounters.CURATED_AFTER_DEDUP);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      afterDedup.inc();
      out.output(row);
    }
  }

  private static final class DistinctInShardFn extends DoFn<KV<Integer, Iterable<Row>>, Row> {
    private final Counter afterDedup;
    private final Counter keyConflicts;

    DistinctInShardFn(Table table) {
      this.afterDedup = TableCounters.counter(table, TableCounters.CURATED_AFTER_DEDUP);
      this.keyConflicts = TableCounters.counter(table, TableCounters.KEY_CONFLICTS);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Row>> shard, OutputReceiver<Row> out) {
      DistinctRows distinct = new DistinctRows();
      long written = 0;
      for (Row row : shard.getValue()) {
        if (distinct.firstSeen(row)) {
          written++;
          out.output(row);
        }
      }
      afterDedup.inc(written);
      keyConflicts.inc(distinct.keyConflicts());
    }
  }
}
