package io.pinpipe.transforms;

import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * Groups curated rows into a fixed number of shards by key. Every copy of a row, and every row of a
 * key, lands in the same shard on every run: the shard is both the unit of de-duplication and the
 * file the rows are written to, so one shuffle serves both.
 *
 * <p>{@link #inBundleBatches}: the streaming form. The rows of one shard and window are gathered
 * within a bundle and go through the shuffle as one list ({@link #BATCH_ROWS} at most), so the
 * runner's per-element grouping work (window, trigger and watermark-hold bookkeeping, a fifth of
 * the speed layer's CPU per row) is paid once per list. Rows keep their window; they reach the
 * grouping before the bundle ends, so before the watermark passes them (the runner holds it for the
 * bundle). The batch layer groups row by row: its bundles can be whole partitions.
 */
public final class GroupByShard
    extends PTransform<PCollection<Row>, PCollection<KV<Integer, Iterable<Row>>>> {
  /** Rows in one list at most (bounds the memory a bundle holds). */
  static final int BATCH_ROWS = 1_000;

  private final Schema schema;
  private final int shards;
  private final boolean inBundleBatches;

  private GroupByShard(Schema schema, int shards) {
    this(schema, shards, false);
  }

  private GroupByShard(Schema schema, int shards, boolean inBundleBatches) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    this.schema = schema;
    this.shards = shards;
    this.inBundleBatches = inBundleBatches;
  }

  /** The same grouping, the rows shuffled in lists per shard, window and bundle (streaming). */
  public GroupByShard inBundleBatches() {
    return new GroupByShard(schema, shards, true);
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

  /**
   * The first half of {@link #inBundleBatches}: the lists of rows of one shard, window and bundle,
   * keyed by shard but not grouped, for a stateful step keyed by shard that gathers a pane itself
   * (e.g. one that writes the pane's rows as they arrive).
   */
  public PTransform<PCollection<Row>, PCollection<KV<Integer, List<Row>>>> batchesByShard() {
    return new PTransform<PCollection<Row>, PCollection<KV<Integer, List<Row>>>>() {
      @Override
      public PCollection<KV<Integer, List<Row>>> expand(PCollection<Row> rows) {
        return batched(rows);
      }
    };
  }

  private PCollection<KV<Integer, List<Row>>> batched(PCollection<Row> rows) {
    return rows.apply("BatchByShard", ParDo.of(new BatchByShardFn(shards)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ListCoder.of(RowCoder.of(schema))));
  }

  @Override
  public PCollection<KV<Integer, Iterable<Row>>> expand(PCollection<Row> rows) {
    int shardCount = shards;
    if (inBundleBatches) {
      return batched(rows)
          .apply("GroupShards", GroupByKey.create())
          .apply("JoinBatches", ParDo.of(new JoinBatchesFn()))
          .setCoder(KvCoder.of(VarIntCoder.of(), IterableCoder.of(RowCoder.of(schema))));
    }
    return rows.apply("KeyByShard", ParDo.of(new KeyByShardFn(shardCount)))
        .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(schema)))
        .apply("GroupShards", GroupByKey.create());
  }

  /** Lists of the rows of one shard and window, per bundle. */
  private static final class BatchByShardFn extends DoFn<Row, KV<Integer, List<Row>>> {
    private final int shards;
    private transient Map<KV<BoundedWindow, Integer>, Batch> open;

    BatchByShardFn(int shards) {
      this.shards = shards;
    }

    @StartBundle
    public void startBundle() {
      open = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element Row row,
        @Timestamp Instant time,
        BoundedWindow window,
        OutputReceiver<KV<Integer, List<Row>>> out) {
      int shard = shardOf(row, shards);
      KV<BoundedWindow, Integer> key = KV.of(window, shard);
      Batch batch = open.computeIfAbsent(key, k -> new Batch());
      batch.add(row, time);
      if (batch.rows.size() >= BATCH_ROWS) {
        open.remove(key);
        out.output(KV.of(shard, batch.rows)); // at this row's time: in the same window
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Map.Entry<KV<BoundedWindow, Integer>, Batch> entry : open.entrySet()) {
        Batch batch = entry.getValue();
        // As early as its earliest row, in the rows' window.
        context.output(
            KV.of(entry.getKey().getValue(), batch.rows), batch.earliest, entry.getKey().getKey());
      }
      open = new HashMap<>();
    }
  }

  private static final class Batch {
    final List<Row> rows = new ArrayList<>();
    Instant earliest = BoundedWindow.TIMESTAMP_MAX_VALUE;

    void add(Row row, Instant time) {
      rows.add(row);
      if (time.isBefore(earliest)) {
        earliest = time;
      }
    }
  }

  private static final class JoinBatchesFn
      extends DoFn<KV<Integer, Iterable<List<Row>>>, KV<Integer, Iterable<Row>>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<List<Row>>> group,
        OutputReceiver<KV<Integer, Iterable<Row>>> out) {
      List<Row> rows = new ArrayList<>();
      for (List<Row> batch : group.getValue()) {
        rows.addAll(batch);
      }
      out.output(KV.of(group.getKey(), rows));
    }
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
