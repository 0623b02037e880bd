package io.pinpipe.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.io.KinesisCatchUpWatermark.FetchLoop;
import io.pinpipe.pipelines.io.KinesisCatchUpWatermark.ReadProgress;
import io.pinpipe.pipelines.io.KinesisCatchUpWatermark.ShardWatermark;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.io.aws2.kinesis.RateLimitPolicy;
import org.apache.beam.sdk.io.aws2.kinesis.WatermarkPolicy;
import org.apache.beam.sdk.io.aws2.kinesis.WatermarkPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The fetch loops and shard watermarks of one read, on a clock the test moves. */
class KinesisCatchUpWatermarkTest {
  private static final long IDLE = 1_000;
  private static final Instant MIN = BoundedWindow.TIMESTAMP_MIN_VALUE;

  private final AtomicLong clock = new AtomicLong(100_000);
  private final ReadProgress read = new ReadProgress();

  @Test
  void beamsArrivalTimePolicyPassesABacklogItHasNotFetchedYet() throws Exception {
    // Why this class exists: Beam's policy moves an unread shard to the clock after the idle time.
    WatermarkPolicy beams =
        WatermarkPolicyFactory.withArrivalTimePolicy(Duration.millis(20)).createWatermarkPolicy();
    Thread.sleep(50);
    assertTrue(beams.getWatermark().isAfter(MIN), "Beam's policy moved without a single fetch");
  }

  @Test
  void aShardWhoseFirstFetchHasNotReturnedKeepsItsWatermark() {
    ShardWatermark shard = watermark();
    loop();
    clock.addAndGet(60_000);
    assertEquals(MIN, shard.getWatermark());
  }

  @Test
  void recordsFetchedButNotTakenHoldTheWatermarkAtTheLastOneTaken() throws Exception {
    ShardWatermark shard = watermark();
    FetchLoop loop = loop();
    KinesisRecord first = record("shard-0", 1, 90_000);
    KinesisRecord second = record("shard-0", 2, 91_000);
    loop.onSuccess(List.of(first, second));
    shard.update(first);
    clock.addAndGet(500);
    loop.onSuccess(List.of()); // read to the end, but the second record is still in the buffer
    clock.addAndGet(30_000); // the reading thread is held up
    assertEquals(new Instant(90_000), shard.getWatermark());

    shard.update(second);
    assertEquals(new Instant(91_000), shard.getWatermark(), "busy: the newest arrival taken");
  }

  @Test
  void aQuietShardReadToItsEndFollowsItsLastEmptyFetchLessTheIdleTime() throws Exception {
    ShardWatermark shard = watermark();
    FetchLoop loop = loop();
    KinesisRecord only = record("shard-0", 1, 90_000);
    loop.onSuccess(List.of(only)); // at 100,000; the next fetch starts now
    shard.update(only);
    clock.set(110_000);
    loop.onSuccess(List.of()); // it came back empty: everything before 100,000 is read
    clock.set(140_000);
    assertEquals(new Instant(100_000 - IDLE), shard.getWatermark());

    clock.set(150_000);
    loop.onSuccess(List.of()); // the fetch started at 110,000 came back empty too
    assertEquals(new Instant(110_000 - IDLE), shard.getWatermark(), "moves with each empty fetch");
  }

  @Test
  void aShardWithNoRecordsMovesOnOnceEveryLoopWithoutRecordsHasComeBackEmpty() throws Exception {
    ShardWatermark empty = watermark();
    FetchLoop first = loop();
    FetchLoop second = loop();
    clock.set(101_000);
    first.onSuccess(List.of());
    clock.set(130_000);
    assertEquals(MIN, empty.getWatermark(), "the second loop's first fetch has not returned");

    second.onSuccess(List.of());
    assertEquals(new Instant(100_000 - IDLE), empty.getWatermark(), "the oldest proof of both");
  }

  @Test
  void recordsNoPolicyHasTakenHoldBackTheShardsThatHaveTakenNone() throws Exception {
    ShardWatermark unknown = watermark();
    FetchLoop busy = loop();
    FetchLoop quiet = loop();
    busy.onSuccess(List.of(record("shard-1", 1, 90_000))); // maybe the unknown policy's own shard
    quiet.onSuccess(List.of());
    clock.addAndGet(30_000);
    assertEquals(MIN, unknown.getWatermark());
  }

  @Test
  void aBusyShardAlreadyBeingTakenDoesNotHoldBackAnEmptyOne() throws Exception {
    ShardWatermark busyShard = watermark();
    ShardWatermark emptyShard = watermark();
    FetchLoop busy = loop();
    FetchLoop quiet = loop();
    KinesisRecord taken = record("shard-1", 1, 90_000);
    busy.onSuccess(List.of(taken, record("shard-1", 2, 95_000)));
    busyShard.update(taken);
    quiet.onSuccess(List.of());
    clock.addAndGet(30_000);
    assertEquals(new Instant(100_000 - IDLE), emptyShard.getWatermark());
    assertEquals(new Instant(90_000), busyShard.getWatermark());
  }

  @Test
  void aLoopThatStoppedCallingBackNoLongerCounts() throws Exception {
    ShardWatermark empty = watermark();
    loop(); // its shard closed before it fetched anything
    FetchLoop live = loop();
    clock.addAndGet(KinesisCatchUpWatermark.LOOP_GONE_AFTER_MILLIS + 1);
    long proven = clock.get();
    live.onSuccess(List.of());
    clock.addAndGet(5_000);
    live.onSuccess(List.of());
    assertEquals(new Instant(proven - IDLE), empty.getWatermark());
  }

  @Test
  void afterARestartInTheSameJvmTheShardStaysHeldUntilTheRecordsFetchedBeforeAreTakenAgain()
      throws Exception {
    FetchLoop before = loop();
    ShardWatermark beforePolicy = watermark();
    KinesisRecord r1 = record("shard-0", 1, 90_000);
    KinesisRecord r2 = record("shard-0", 2, 91_000);
    before.onSuccess(List.of(r1, r2));
    beforePolicy.update(r1);
    before.onSuccess(List.of());
    FetchLoop emptyShard = loop();
    emptyShard.onSuccess(List.of());
    clock.addAndGet(5_000); // the job fails; the restored reader starts again after r1
    ShardWatermark restored = watermark();
    FetchLoop again = loop();
    again.onSuccess(List.of(r2));
    clock.addAndGet(30_000);
    assertEquals(MIN, restored.getWatermark(), "r2 fetched again, not taken yet");

    restored.update(r2);
    again.onSuccess(List.of());
    clock.addAndGet(30_000);
    assertTrue(restored.getWatermark().isAfter(new Instant(91_000)));
  }

  private ShardWatermark watermark() {
    return new ShardWatermark(read, IDLE, clock::get);
  }

  private FetchLoop loop() {
    return new FetchLoop(read, new RateLimitPolicy() {}, clock::get);
  }

  private static KinesisRecord record(String shard, long sequence, long arrivalMillis) {
    return new KinesisRecord(
        ByteBuffer.wrap(new byte[] {1}),
        String.valueOf(sequence),
        0,
        "key",
        new Instant(arrivalMillis),
        new Instant(arrivalMillis),
        "stream",
        shard);
  }
}
