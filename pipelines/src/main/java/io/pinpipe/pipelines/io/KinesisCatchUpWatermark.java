package io.pinpipe.pipelines.io;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisClientThrottledException;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.io.aws2.kinesis.RateLimitPolicy;
import org.apache.beam.sdk.io.aws2.kinesis.RateLimitPolicyFactory;
import org.apache.beam.sdk.io.aws2.kinesis.WatermarkPolicy;
import org.apache.beam.sdk.io.aws2.kinesis.WatermarkPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Arrival-time watermarks for a Kinesis read that never pass a record still to be read.
 *
 * <p>Beam's arrival-time policy takes a shard that has handed the reader no record for the idle
 * time as quiet and moves its watermark to the clock. A shard with a backlog looks the same while
 * its first fetch is slow, or while the reading thread is held up (a slow step chained to the
 * source, a long GC pause, a loaded machine): its watermark then passed the backlog, and every row
 * of it was dropped as late. Here a quiet shard's watermark moves only up to what its fetch loop
 * has proven read: the start of the loop's last fetch that came back empty, less the idle time, and
 * only once the reader has taken every record fetched from the shard.
 *
 * <p>The watermark policy (one per shard, on the reading thread) and the rate-limit policy (one per
 * shard's fetch loop, on its own thread) are Beam's two hooks into its shard readers; they meet in
 * this JVM's {@link ReadProgress} of the read. A policy learns its shard from the first record it
 * takes and a loop from its first non-empty fetch; until then both count as "unknown", and an
 * unknown shard's watermark moves only as far as every unknown loop has proven and while no loop
 * holds records that no policy has taken yet.
 */
public final class KinesisCatchUpWatermark
    implements WatermarkPolicyFactory, RateLimitPolicyFactory {
  private static final long serialVersionUID = 1L;

  /** A loop that has not called back for this long has ended (its shard closed, its job gone). */
  static final long LOOP_GONE_AFTER_MILLIS = 60_000;

  private static final ConcurrentHashMap<String, ReadProgress> READS = new ConcurrentHashMap<>();

  private final String readId = UUID.randomUUID().toString();
  private final long idleMillis;
  private final RateLimitPolicyFactory pacing = RateLimitPolicyFactory.withDefaultRateLimiter();

  /** {@code idle}: how long a caught-up shard may stay quiet before its watermark moves on. */
  public KinesisCatchUpWatermark(Duration idle) {
    this.idleMillis = idle.getMillis();
  }

  private ReadProgress progress() {
    return READS.computeIfAbsent(readId, id -> new ReadProgress());
  }

  @Override
  public WatermarkPolicy createWatermarkPolicy() {
    return new ShardWatermark(progress(), idleMillis, System::currentTimeMillis);
  }

  @Override
  public RateLimitPolicy getRateLimitPolicy() {
    return new FetchLoop(progress(), pacing.getRateLimitPolicy(), System::currentTimeMillis);
  }

  /** What the fetch loops and readers of one read in this JVM have done. */
  static final class ReadProgress {
    final ConcurrentHashMap<String, ShardProgress> shards = new ConcurrentHashMap<>();
    final Set<FetchLoop> loops = ConcurrentHashMap.newKeySet();

    ShardProgress shard(String shardId) {
      return shards.computeIfAbsent(shardId, id -> new ShardProgress());
    }

    /**
     * How far a shard whose policy has taken no record yet is proven read: the oldest proof of the
     * live loops that have fetched no record, or null while one of them has none or a live loop
     * holds records its shard's policy has not begun to take (that policy may be the asking one).
     */
    @Nullable Long unknownShardsReadUpTo(long now) {
      Long upTo = null;
      for (FetchLoop loop : loops) {
        if (now - loop.lastCallback > LOOP_GONE_AFTER_MILLIS) {
          loops.remove(loop); // a loop that calls back again adds itself again
          continue;
        }
        String shardId = loop.shardId;
        if (shardId == null) {
          if (loop.readUpTo < 0) {
            return null;
          }
          upTo = upTo == null ? loop.readUpTo : Math.min(upTo, loop.readUpTo);
        } else if (shard(shardId).firstTakenAt < loop.firstRecordsFetchedFrom) {
          return null;
        }
      }
      return upTo;
    }
  }

  /** One shard: the newest record fetched from it, and the proof of its reading. */
  static final class ShardProgress {
    final AtomicReference<@Nullable ExtendedSequenceNumber> lastFetched = new AtomicReference<>();

    /** Start of the shard's last fetch that came back empty (−1: none yet). */
    volatile long readUpTo = -1;

    /** When a policy first took a record of this shard (the latest such policy). */
    volatile long firstTakenAt = Long.MIN_VALUE;

    void fetched(ExtendedSequenceNumber newest) {
      lastFetched.accumulateAndGet(
          newest, (old, added) -> old == null || added.compareTo(old) > 0 ? added : old);
    }
  }

  /** The rate-limit policy of one shard's fetch loop: records what each fetch proves. */
  static final class FetchLoop implements RateLimitPolicy {
    private final ReadProgress read;
    private final RateLimitPolicy pacing;
    private final LongSupplier clock;

    volatile @Nullable String shardId;
    volatile long readUpTo = -1;
    volatile long firstRecordsFetchedFrom = Long.MAX_VALUE;
    volatile long lastCallback;
    private long fetchStartedAt;

    FetchLoop(ReadProgress read, RateLimitPolicy pacing, LongSupplier clock) {
      this.read = read;
      this.pacing = pacing;
      this.clock = clock;
      this.fetchStartedAt = clock.getAsLong();
      this.lastCallback = fetchStartedAt;
      read.loops.add(this);
    }

    @Override
    public void onSuccess(List<KinesisRecord> records) throws InterruptedException {
      if (records.isEmpty()) {
        String shard = shardId;
        if (shard == null) {
          readUpTo = fetchStartedAt;
        } else {
          read.shard(shard).readUpTo = fetchStartedAt;
        }
      } else {
        KinesisRecord newest = records.get(records.size() - 1);
        if (shardId == null) {
          firstRecordsFetchedFrom = fetchStartedAt;
          shardId = newest.getShardId();
        }
        read.shard(newest.getShardId()).fetched(newest.getExtendedSequenceNumber());
      }
      lastCallback = clock.getAsLong();
      read.loops.add(this);
      pacing.onSuccess(records);
      fetchStartedAt = clock.getAsLong();
    }

    @Override
    public void onThrottle(KinesisClientThrottledException e) throws InterruptedException {
      lastCallback = clock.getAsLong();
      read.loops.add(this);
      pacing.onThrottle(e);
      fetchStartedAt = clock.getAsLong();
    }
  }

  /** The watermark of one shard, on the reading thread. */
  static final class ShardWatermark implements WatermarkPolicy {
    private static final long serialVersionUID = 1L;

    private final transient ReadProgress read;
    private final long idleMillis;
    private final transient LongSupplier clock;

    private @Nullable ShardProgress shard;
    private @Nullable ExtendedSequenceNumber lastTaken;
    private Instant newestArrival = BoundedWindow.TIMESTAMP_MIN_VALUE;
    private Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
    private long lastTakenAt;

    ShardWatermark(ReadProgress read, long idleMillis, LongSupplier clock) {
      this.read = read;
      this.idleMillis = idleMillis;
      this.clock = clock;
      this.lastTakenAt = clock.getAsLong();
    }

    @Override
    public void update(KinesisRecord record) {
      lastTakenAt = clock.getAsLong();
      if (shard == null) {
        shard = read.shard(record.getShardId());
        shard.firstTakenAt = lastTakenAt;
      }
      lastTaken = record.getExtendedSequenceNumber();
      Instant arrival = record.getApproximateArrivalTimestamp();
      if (arrival.isAfter(newestArrival)) {
        newestArrival = arrival;
      }
    }

    @Override
    public Instant getWatermark() {
      long now = clock.getAsLong();
      Instant candidate = newestArrival;
      if (now - lastTakenAt >= idleMillis) {
        Long readUpTo = readUpTo(now);
        if (readUpTo != null) {
          Instant quiet = new Instant(Math.min(now, readUpTo) - idleMillis);
          if (quiet.isAfter(candidate)) {
            candidate = quiet;
          }
        }
      }
      if (candidate.isAfter(watermark)) {
        watermark = candidate;
      }
      return watermark;
    }

    /** How far this shard is proven read with every fetched record taken, or null. */
    private @Nullable Long readUpTo(long now) {
      ShardProgress mine = shard;
      if (mine == null) {
        return read.unknownShardsReadUpTo(now);
      }
      ExtendedSequenceNumber fetched = mine.lastFetched.get();
      if (fetched != null && (lastTaken == null || fetched.compareTo(lastTaken) > 0)) {
        return null;
      }
      long upTo = mine.readUpTo;
      return upTo < 0 ? null : upTo;
    }
  }
}
