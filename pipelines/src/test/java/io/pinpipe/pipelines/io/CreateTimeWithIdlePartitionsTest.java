package io.pinpipe.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class CreateTimeWithIdlePartitionsTest {
  private static final Duration MAX_DELAY = Duration.standardSeconds(5);
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private static CreateTimeWithIdlePartitions<byte[], byte[]> fresh() {
    return new CreateTimeWithIdlePartitions<>(MAX_DELAY, Optional.empty());
  }

  private static void read(
      CreateTimeWithIdlePartitions<byte[], byte[]> policy, Instant createTime) {
    assertEquals(
        createTime,
        policy.getTimestampForRecord(
            null,
            new KafkaRecord<>(
                "t",
                0,
                0,
                createTime.getMillis(),
                KafkaTimestampType.CREATE_TIME,
                null,
                new byte[0],
                new byte[0])),
        "event time is the create time");
  }

  @Test
  void aPartitionThatNeverHeldARecordFollowsTheClockOnceItsEndIsKnown() {
    CreateTimeWithIdlePartitions<byte[], byte[]> policy = fresh();
    assertEquals(
        BoundedWindow.TIMESTAMP_MIN_VALUE,
        policy.watermark(-1, BoundedWindow.TIMESTAMP_MIN_VALUE, NOW),
        "end offset not fetched yet: nothing is known");
    assertEquals(NOW.minus(MAX_DELAY), policy.watermark(0, NOW, NOW), "empty and caught up: idle");
  }

  @Test
  void theWatermarkTrailsTheNewestRecordWhileThereIsABacklog() {
    CreateTimeWithIdlePartitions<byte[], byte[]> policy = fresh();
    Instant newest = NOW.minus(Duration.standardMinutes(10));
    read(policy, newest);
    read(policy, newest.minus(Duration.standardSeconds(30))); // out of order: does not move it back
    assertEquals(newest.minus(MAX_DELAY), policy.watermark(42, NOW, NOW));
  }

  @Test
  void aCaughtUpPartitionIsIdleOnlyAfterMaxDelayWithoutRecords() {
    CreateTimeWithIdlePartitions<byte[], byte[]> policy = fresh();
    Instant newest = NOW.minus(Duration.standardSeconds(3));
    read(policy, newest);
    assertEquals(
        newest.minus(MAX_DELAY), policy.watermark(0, NOW, NOW), "quiet for less than maxDelay");
    Instant later = NOW.plus(Duration.standardSeconds(10));
    assertEquals(
        later.minus(MAX_DELAY),
        policy.watermark(0, later, later),
        "quiet for longer: follows the clock");
  }

  @Test
  void aCreateTimeInTheFutureDoesNotCarryTheWatermarkPastNow() {
    CreateTimeWithIdlePartitions<byte[], byte[]> policy = fresh();
    read(policy, NOW.plus(Duration.standardHours(1)));
    assertEquals(NOW.minus(MAX_DELAY), policy.watermark(0, NOW, NOW));
  }

  @Test
  void aReaderResumedFromACheckpointStartsAtTheWatermarkItHadReported() {
    Instant reported = NOW.minus(Duration.standardMinutes(1));
    CreateTimeWithIdlePartitions<byte[], byte[]> policy =
        new CreateTimeWithIdlePartitions<>(MAX_DELAY, Optional.of(reported));
    assertEquals(reported, policy.watermark(-1, BoundedWindow.TIMESTAMP_MIN_VALUE, NOW));
  }

  /** The splittable read's estimator (a partition added while the job runs): the same rule. */
  @Test
  void theEstimatorOfAnAddedPartitionTrailsItsRecordsAndFollowsTheClockWhenQuiet() {
    Instant[] clock = {NOW};
    CreateTimeWithIdlePartitions.Estimator estimator =
        new CreateTimeWithIdlePartitions.Estimator(
            MAX_DELAY, BoundedWindow.TIMESTAMP_MIN_VALUE, () -> clock[0]);
    assertEquals(
        BoundedWindow.TIMESTAMP_MIN_VALUE, estimator.currentWatermark(), "just found: nothing");
    clock[0] = NOW.plus(Duration.standardSeconds(1));
    Instant newest = NOW.minus(Duration.standardSeconds(2));
    estimator.observeTimestamp(newest);
    estimator.observeTimestamp(newest.minus(Duration.standardSeconds(30)));
    assertEquals(newest.minus(MAX_DELAY), estimator.currentWatermark(), "trails the newest record");
    clock[0] = NOW.plus(Duration.standardSeconds(7));
    assertEquals(
        clock[0].minus(MAX_DELAY),
        estimator.currentWatermark(),
        "no record for longer than maxDelay: follows the clock");
    estimator.observeTimestamp(NOW.minus(Duration.standardMinutes(5)));
    assertEquals(
        clock[0].minus(MAX_DELAY),
        estimator.currentWatermark(),
        "an old record after that does not move it back");
    assertEquals(estimator.currentWatermark(), estimator.getState());
  }

  @Test
  void anEstimatorRestoredFromItsStateStartsThere() {
    Instant reported = NOW.minus(Duration.standardMinutes(1));
    CreateTimeWithIdlePartitions.Estimator estimator =
        new CreateTimeWithIdlePartitions.Estimator(MAX_DELAY, reported, () -> NOW);
    assertEquals(reported, estimator.currentWatermark());
  }
}
