package io.pinpipe.transforms;

import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Groups curated rows into a fixed number of shards by key. Every copy of a row, and every row of a
 * key, lands in the same shard on every run: the shard is both the unit of de-duplication and the
 * file the rows are written to, so one shuffle serves both.
 */
public final class GroupByShard
    extends PTransform<PCollection<Row>, PCollection<KV<Integer, Iterable<Row>>>> {
  private final Schema schema;
  private final int shards;

  private GroupByShard(Schema schema, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    this.schema = schema;
    this.shards = shards;
  }

  public static GroupByShard of(TableSpec table, int shards) {
    return new GroupByShard(table.curatedSchema(), shards);
  }

  /**
   * Rows of another schema with the curated key column {@code ind} (e.g. a speed-layer table's).
   */
  public static GroupByShard of(Schema schema, int shards) {
    return new GroupByShard(schema, shards);
  }

  /**
   * The shard of a curated row: its key, hashed, modulo the shard count. The key is mixed first
   * (Fibonacci hashing, the high bits of key × 2⁶⁴/φ): with the key itself modulo the count, the
   * keys of one shard share their low bits, and a hash table of one shard's keys (the streaming
   * de-duplication's state, a {@link java.util.HashMap} on Flink) used one bucket in {@code
   * shards}.
   */
  public static int shardOf(Row row, int shards) {
    long mixed = row.getInt64(Table.KEY_COLUMN) * 0x9E3779B97F4A7C15L;
    return Math.floorMod((int) (mixed >>> 32), shards);
  }

  @Override
  public PCollection<KV<Integer, Iterable<Row>>> expand(PCollection<Row> rows) {
    int shardCount = shards;
    return rows.apply("KeyByShard", ParDo.of(new KeyByShardFn(shardCount)))
        .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(schema)))
        .apply("GroupShards", GroupByKey.create());
  }

  private static final class KeyByShardFn extends DoFn<Row, KV<Integer, Row>> {
    private final int shards;

    KeyByShardFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, Row>> out) {
      out.output(KV.of(shardOf(row, shards), row));
    }
  }
}
