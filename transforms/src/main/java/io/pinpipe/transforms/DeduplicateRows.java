package io.pinpipe.transforms;

import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

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
 *   <li>{@link #withinHorizon}: streaming, within a horizon of event time. Rows are keyed by a hash
 *       of their {@code ind} into {@link #HORIZON_GROUPS} groups; each group remembers per {@code
 *       ind} the fingerprints ({@link RowFingerprint}) of the distinct rows seen and their event
 *       times, and forgets those older than the horizon when the group's event-time timer fires
 *       (about ten times per horizon). The recent rows are a map in the runner's state; every
 *       {@link #SEAL_AT} rows they are sealed into sorted runs ({@link SealedRuns}), so the state a
 *       checkpoint writes entry by entry stays small however long the horizon. Per row that is one
 *       map lookup and a binary search per run; Beam's own {@code Deduplicate}, used before, keyed
 *       the shuffle and the state by the row's whole JSON Lines text and set one timer per distinct
 *       row.
 * </ul>
 */
public final class DeduplicateRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final TableSpec table;
  private final @Nullable Duration horizon;
  private final int sealAt;

  private DeduplicateRows(TableSpec table, @Nullable Duration horizon, int sealAt) {
    this.table = table;
    this.horizon = horizon;
    this.sealAt = sealAt;
  }

  /** Batch: over the whole input. */
  public static DeduplicateRows overWholeInput(TableSpec table) {
    return new DeduplicateRows(table, null, 0);
  }

  /** Streaming: duplicates within {@code horizon} of event time of each other. */
  public static DeduplicateRows withinHorizon(TableSpec table, Duration horizon) {
    return withinHorizon(table, horizon, SEAL_AT);
  }

  /**
   * As {@link #withinHorizon(TableSpec, Duration)}, sealing a group's rows {@code sealAt} at a
   * time.
   */
  static DeduplicateRows withinHorizon(TableSpec table, Duration horizon, int sealAt) {
    return new DeduplicateRows(table, horizon, sealAt);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> curated) {
    Schema schema = table.curatedSchema();
    if (horizon != null) {
      return curated
          .apply("KeyByHorizonGroup", ParDo.of(new KeyByHorizonGroupFn()))
          .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(schema)))
          .apply(
              "DropRepeatsWithinHorizon",
              ParDo.of(new WithinHorizonFn(horizon.getMillis(), sealAt)))
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

  /**
   * Keys of the streaming de-duplication: enough for any parallelism up to Flink's default maximum
   * (128), few enough that each holds many rows and its timer fires rarely.
   */
  static final int HORIZON_GROUPS = 128;

  /**
   * Rows a horizon group keeps in its map before they are sealed into a run ({@link SealedRuns}):
   * small enough that the maps of all groups together hold a few tens of thousands of entries
   * whatever the horizon and the rate, large enough that a run is worth sealing.
   */
  static final int SEAL_AT = 512;

  private static final class KeyByHorizonGroupFn extends DoFn<Row, KV<Integer, Row>> {
    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, Row>> out) {
      out.output(KV.of(GroupByShard.shardOf(row, HORIZON_GROUPS), row));
    }
  }

  /**
   * One horizon group's memory of the distinct rows it let through, in two parts: the recent rows
   * in a map, {@code ind} → a row's {@link RecentEntries} (event time and fingerprint); and, once
   * the map holds {@code sealAt} rows, those rows sealed into {@link SealedRuns} and the map
   * emptied. A row is a repeat when either part holds its {@code ind} with its fingerprint and an
   * event time within the horizon of its own.
   */
  private static final class WithinHorizonFn extends DoFn<KV<Integer, Row>, Row> {
    @StateId("seen")
    private final StateSpec<MapState<Long, byte[]>> seenSpec =
        StateSpecs.map(VarLongCoder.of(), ByteArrayCoder.of());

    @StateId("recentRows")
    private final StateSpec<ValueState<Integer>> recentRowsSpec =
        StateSpecs.value(VarIntCoder.of());

    @StateId("sealed")
    private final StateSpec<ValueState<SealedRuns>> sealedSpec =
        StateSpecs.value(SealedRuns.RunsCoder.of());

    @StateId("sweepAt")
    private final StateSpec<ValueState<Long>> sweepAtSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("sweep")
    private final TimerSpec sweepSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final long horizonMillis;
    private final int sealAt;

    WithinHorizonFn(long horizonMillis, int sealAt) {
      this.horizonMillis = horizonMillis;
      this.sealAt = sealAt;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Row> element,
        @Timestamp Instant time,
        @StateId("seen") MapState<Long, byte[]> seen,
        @StateId("recentRows") ValueState<Integer> recentRows,
        @StateId("sealed") ValueState<SealedRuns> sealed,
        @StateId("sweepAt") ValueState<Long> sweepAt,
        @TimerId("sweep") Timer sweep,
        OutputReceiver<Row> out) {
      Row row = element.getValue();
      long ind = row.getInt64(Table.KEY_COLUMN);
      byte[] fingerprint = RowFingerprint.of(row);
      long high = RecentEntries.high(fingerprint);
      long low = RecentEntries.low(fingerprint);
      long eventTime = time.getMillis();
      byte[] entries = seen.get(ind).read();
      if (entries != null && RecentEntries.contains(entries, high, low, eventTime, horizonMillis)) {
        return;
      }
      SealedRuns runs = sealed.read();
      if (runs != null && runs.contains(ind, high, low, eventTime, horizonMillis)) {
        return;
      }
      seen.put(ind, RecentEntries.append(entries, eventTime, high, low));
      out.output(row);
      Integer before = recentRows.read();
      int recent = (before == null ? 0 : before) + 1;
      if (recent >= sealAt) {
        seal(seen, runs, sealed);
        recentRows.clear();
      } else {
        recentRows.write(recent);
      }
      if (sweepAt.read() == null) {
        long at = eventTime + horizonMillis;
        sweep.set(new Instant(at));
        sweepAt.write(at);
      }
    }

    private static void seal(
        MapState<Long, byte[]> seen, @Nullable SealedRuns runs, ValueState<SealedRuns> sealed) {
      Map<Long, byte[]> recent = new HashMap<>();
      for (Map.Entry<Long, byte[]> key : seen.entries().read()) {
        recent.put(key.getKey(), key.getValue());
      }
      SealedRuns before = runs == null ? SealedRuns.EMPTY : runs;
      sealed.write(before.plus(SealedRuns.Run.of(recent)));
      seen.clear();
    }

    /** Forgets the rows first seen more than the horizon before the watermark. */
    @OnTimer("sweep")
    public void sweep(
        OnTimerContext context,
        @StateId("seen") MapState<Long, byte[]> seen,
        @StateId("recentRows") ValueState<Integer> recentRows,
        @StateId("sealed") ValueState<SealedRuns> sealed,
        @StateId("sweepAt") ValueState<Long> sweepAt,
        @TimerId("sweep") Timer sweep) {
      long now = context.timestamp().getMillis();
      long cutoff = now - horizonMillis;
      long oldest = Long.MAX_VALUE;
      int recent = 0;
      List<Long> forgotten = new ArrayList<>();
      Map<Long, byte[]> shortened = new HashMap<>();
      for (Map.Entry<Long, byte[]> key : seen.entries().read()) {
        byte[] entries = key.getValue();
        byte[] kept = RecentEntries.withoutOlderThan(entries, cutoff);
        if (kept == null) {
          forgotten.add(key.getKey());
          continue;
        }
        if (kept != entries) {
          shortened.put(key.getKey(), kept);
        }
        oldest = Math.min(oldest, RecentEntries.oldest(kept));
        recent += RecentEntries.count(kept);
      }
      forgotten.forEach(seen::remove);
      shortened.forEach(seen::put);
      // Recounted here too: a group restored from before the count was kept has none.
      recentRows.write(recent);
      SealedRuns runs = sealed.read();
      if (runs != null) {
        SealedRuns kept = runs.withoutOlderThan(cutoff);
        if (kept.entries() == 0) {
          sealed.clear();
        } else {
          if (kept != runs) {
            sealed.write(kept);
          }
          oldest = Math.min(oldest, kept.oldest());
        }
      }
      if (oldest == Long.MAX_VALUE) {
        sweepAt.clear();
        return;
      }
      // At most about ten sweeps per horizon: each one reads the whole group.
      long at = Math.max(oldest + horizonMillis, now + Math.max(horizonMillis / 10, 1_000));
      sweep.set(new Instant(at));
      sweepAt.write(at);
    }
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
