package io.pinpipe.transforms;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * cleaning.md §5, batch: each distinct curated row once, over the whole input; keys with several
 * distinct rows keep them all and are counted as key conflicts.
 *
 * <p>Rows are grouped into a fixed number of buckets by key, so every copy of a row and every row
 * of a key meet in one bucket, which is de-duplicated in memory. A bucket holds about
 * rows/buckets distinct rows, never a whole table. Grouping by bucket rather than by row (as
 * Beam's {@code Distinct} does) also keeps the DirectRunner fast: it makes one bundle per group.
 * Two rows are the same when their JSON Lines forms are: a {@code Row} with doubles has no
 * deterministic coder to compare by.
 */
public final class DeduplicateRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  /** Default bucket count: a 10M-row table puts ~40k rows (~20 MB) in a bucket. */
  public static final int DEFAULT_BUCKETS = 16;

  private final Table table;
  private final int buckets;

  private DeduplicateRows(Table table, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
    }
    this.table = table;
    this.buckets = buckets;
  }

  public static DeduplicateRows of(Table table) {
    return new DeduplicateRows(table, DEFAULT_BUCKETS);
  }

  /** More buckets for very large tables: each bucket's distinct rows are held in memory. */
  public DeduplicateRows withBuckets(int buckets) {
    return new DeduplicateRows(table, buckets);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> curated) {
    int bucketCount = buckets;
    return curated
        .apply("BucketByKey", ParDo.of(new BucketFn(bucketCount)))
        .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(CuratedSchemas.of(table))))
        .apply("GroupBuckets", GroupByKey.create())
        .apply("DropExactDuplicates", ParDo.of(new DistinctInBucketFn(table)))
        .setRowSchema(CuratedSchemas.of(table));
  }

  private static final class BucketFn extends DoFn<Row, KV<Integer, Row>> {
    private final int buckets;

    BucketFn(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, Row>> out) {
      out.output(KV.of(Math.floorMod(Long.hashCode(row.getInt64("ind")), buckets), row));
    }
  }

  private static final class DistinctInBucketFn extends DoFn<KV<Integer, Iterable<Row>>, Row> {
    private final Counter afterDedup;
    private final Counter keyConflicts;

    DistinctInBucketFn(Table table) {
      this.afterDedup = TableCounters.counter(table, TableCounters.CURATED_AFTER_DEDUP);
      this.keyConflicts = TableCounters.counter(table, TableCounters.KEY_CONFLICTS);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Row>> bucket, OutputReceiver<Row> out) {
      Set<String> seen = new HashSet<>();
      Map<Long, Integer> distinctPerKey = new HashMap<>();
      for (Row row : bucket.getValue()) {
        if (seen.add(CuratedJson.toJson(row))) {
          afterDedup.inc();
          if (distinctPerKey.merge(row.getInt64("ind"), 1, Integer::sum) == 2) {
            keyConflicts.inc();
          }
          out.output(row);
        }
      }
    }
  }
}
