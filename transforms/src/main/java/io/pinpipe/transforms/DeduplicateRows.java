package io.pinpipe.transforms;

import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * cleaning.md §5, batch: each distinct curated row once, over the whole input; keys with several
 * distinct rows keep them all and are counted as key conflicts. Rows are grouped by shard ({@link
 * GroupByShard}) and each shard is de-duplicated with {@link DistinctRows}, holding only the
 * shard's row fingerprints in memory, never a whole table.
 */
public final class DeduplicateRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  /** Default shard count for de-duplication alone. */
  public static final int DEFAULT_SHARDS = 16;

  private final Table table;
  private final int shards;

  private DeduplicateRows(Table table, int shards) {
    this.table = table;
    this.shards = shards;
  }

  public static DeduplicateRows of(Table table) {
    return new DeduplicateRows(table, DEFAULT_SHARDS);
  }

  public DeduplicateRows withShards(int shards) {
    return new DeduplicateRows(table, shards);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> curated) {
    return curated
        .apply("GroupByShard", GroupByShard.of(table, shards))
        .apply("DropExactDuplicates", ParDo.of(new DistinctInShardFn(table)))
        .setRowSchema(CuratedSchemas.of(table));
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
      for (Row row : shard.getValue()) {
        if (distinct.firstSeen(row)) {
          afterDedup.inc();
          out.output(row);
        }
      }
      keyConflicts.inc(distinct.keyConflicts());
    }
  }
}
