package io.pinpipe.transforms;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Deduplicate;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
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
 *   <li>{@link #overWholeInput}: batch. Each row is encoded once and keyed by its {@code ind};
 *       {@link DistinctEncodings} keeps each distinct encoding of a key once. As a combiner it runs
 *       before the shuffle too, so re-posts are dropped where they are read, and the shuffle has
 *       one group per key: it runs at the runner's parallelism, whatever the cluster. On the
 *       DirectRunner, which pays per key grouped, the rows are grouped by a hash of the key into
 *       one group per core instead ({@link DirectRunnerBundles}). Keys with several distinct rows
 *       are counted ({@link TableCounters#KEY_CONFLICTS}).
 *   <li>{@link #withinHorizon}: streaming. Beam's own {@link Deduplicate} keyed by the row's JSON
 *       Lines form, within a horizon of event time.
 * </ul>
 */
public final class DeduplicateRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final TableSpec table;
  private final @Nullable Duration horizon;

  private DeduplicateRows(TableSpec table, @Nullable Duration horizon) {
    this.table = table;
    this.horizon = horizon;
  }

  /** Batch: over the whole input. */
  public static DeduplicateRows overWholeInput(TableSpec table) {
    return new DeduplicateRows(table, null);
  }

  /** Streaming: duplicates within {@code horizon} of event time of each other. */
  public static DeduplicateRows withinHorizon(TableSpec table, Duration horizon) {
    return new DeduplicateRows(table, horizon);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> curated) {
    Schema schema = table.curatedSchema();
    if (horizon != null) {
      return curated
          .apply(
              "DropDuplicatesWithinHorizon",
              Deduplicate.withRepresentativeValueFn(CuratedJson::toJson)
                  .withRepresentativeType(TypeDescriptors.strings())
                  .withTimeDomain(TimeDomain.EVENT_TIME)
                  .withDuration(horizon))
          .setRowSchema(schema)
          .apply("CountDistinct", ParDo.of(new CountFn(table)))
          .setRowSchema(schema);
    }
    int directGroups =
        DirectRunnerBundles.isDirect(curated.getPipeline().getOptions())
            ? DirectRunnerBundles.groups()
            : 0;
    return curated
        .apply("EncodeByKey", ParDo.of(new EncodeByKeyFn(schema, directGroups)))
        .setCoder(KvCoder.of(VarLongCoder.of(), ByteArrayCoder.of()))
        .apply("DistinctPerKey", Combine.perKey(new DistinctEncodings()))
        .apply("DecodeDistinct", ParDo.of(new DecodeDistinctFn(table, schema)))
        .setRowSchema(schema);
  }

  private static final class CountFn extends DoFn<Row, Row> {
    private final Counter afterDedup;

    CountFn(TableSpec table) {
      this.afterDedup = TableCounters.counter(table, TableCounters.CURATED_AFTER_DEDUP);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      afterDedup.inc();
      out.output(row);
    }
  }

  /**
   * A row as its key and its {@link RowCoder} bytes. Rows are equal exactly when their bytes are
   * (text as UTF-8, doubles by their bits: -0.0 and 0.0 differ, as in their JSON Lines forms), and
   * bytes are what the shuffle moves anyway.
   */
  private static final class EncodeByKeyFn extends DoFn<Row, KV<Long, byte[]>> {
    private final RowCoder coder;

    /** 0: group by the key itself; n: by the key's hash, into n groups. */
    private final int groups;

    EncodeByKeyFn(Schema schema, int groups) {
      this.coder = RowCoder.of(schema);
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Long, byte[]>> out) throws IOException {
      long ind = row.getInt64(Table.KEY_COLUMN);
      long group = groups == 0 ? ind : Math.floorMod(Long.hashCode(ind), groups);
      out.output(KV.of(group, CoderUtils.encodeToByteArray(coder, row)));
    }
  }

  private static final class DecodeDistinctFn extends DoFn<KV<Long, List<byte[]>>, Row> {
    private final RowCoder coder;
    private final Counter afterDedup;
    private final Counter keyConflicts;

    DecodeDistinctFn(TableSpec table, Schema schema) {
      this.coder = RowCoder.of(schema);
      this.afterDedup = TableCounters.counter(table, TableCounters.CURATED_AFTER_DEDUP);
      this.keyConflicts = TableCounters.counter(table, TableCounters.KEY_CONFLICTS);
    }

    @ProcessElement
    public void process(@Element KV<Long, List<byte[]>> group, OutputReceiver<Row> out)
        throws IOException {
      List<byte[]> distinct = group.getValue();
      afterDedup.inc(distinct.size());
      if (distinct.size() == 1) {
        out.output(CoderUtils.decodeFromByteArray(coder, distinct.get(0)));
        return;
      }
      KeySet keys = new KeySet();
      KeySet conflicting = new KeySet();
      for (byte[] encoded : distinct) {
        Row row = CoderUtils.decodeFromByteArray(coder, encoded);
        long ind = row.getInt64(Table.KEY_COLUMN);
        if (!keys.add(ind)) {
          conflicting.add(ind);
        }
        out.output(row);
      }
      keyConflicts.inc(conflicting.size());
    }
  }
}
