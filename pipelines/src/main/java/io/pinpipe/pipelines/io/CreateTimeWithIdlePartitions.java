package io.pinpipe.pipelines.io;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.splittabledofn.TimestampObservingWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimator;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time from the record's Kafka create time; the watermark trails the newest record by {@code
 * maxDelay}, and a caught-up partition's watermark follows the clock (less {@code maxDelay}) once
 * it has been quiet for {@code maxDelay}, <em>including a partition that has never held a
 * record</em>.
 *
 * <p>Beam's {@code withCreateTime} policy treats a partition as idle only after it has seen a
 * record, so a partition that the producer's partitioner never picked holds its topic's watermark
 * at the beginning of time and no window of that topic ever fires (seen here: all of a 2-partition
 * topic's records in one partition, 0 rows curated). The price of idleness is the usual one: a
 * record that reaches an idle partition with a create time older than the watermark is late, and
 * lands in a late pane or as a dead letter, never silently dropped.
 */
public final class CreateTimeWithIdlePartitions<K, V> extends TimestampPolicy<K, V> {
  private final Duration maxDelay;
  private Instant newestEventTime;

  CreateTimeWithIdlePartitions(Duration maxDelay, Optional<Instant> previousWatermark) {
    this.maxDelay = maxDelay;
    // Restored from a checkpoint: never report less than what was already reported.
    this.newestEventTime =
        previousWatermark.map(w -> w.plus(maxDelay)).orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  /**
   * The factory KafkaIO asks once per partition (and again when a reader resumes from a
   * checkpoint).
   */
  public static <K, V> TimestampPolicyFactory<K, V> factory(Duration maxDelay) {
    return (TopicPartition partition, Optional<Instant> previousWatermark) ->
        new CreateTimeWithIdlePartitions<>(maxDelay, previousWatermark);
  }

  /**
   * The same rule for KafkaIO's splittable read (the partitions added while a job runs, {@link
   * AddedPartitions}), which asks a watermark estimator instead of a policy. That read does not
   * tell the estimator its backlog, so "caught up" is "no record for {@code maxDelay}" there.
   */
  public static SerializableFunction<Instant, WatermarkEstimator<Instant>> estimator(
      Duration maxDelay) {
    return previousWatermark -> new Estimator(maxDelay, previousWatermark, Instant::now);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext context, KafkaRecord<K, V> record) {
    Instant eventTime = new Instant(record.getTimestamp());
    observe(eventTime);
    return eventTime;
  }

  private void observe(Instant eventTime) {
    if (eventTime.isAfter(newestEventTime)) {
      newestEventTime = eventTime;
    }
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    return watermark(context.getMessageBacklog(), context.getBacklogCheckTime(), Instant.now());
  }

  /**
   * The rule, apart from the reader: {@code backlog} is -1 while the end offset is not known yet.
   */
  Instant watermark(long backlog, Instant backlogCheckTime, Instant now) {
    Instant idleSince = backlogCheckTime.minus(maxDelay);
    Instant watermark =
        backlog == 0 && idleSince.isAfter(newestEventTime)
            ? idleSince
            : newestEventTime.minus(maxDelay);
    // A create time in the future (a producer's clock ahead of ours) must not carry the watermark
    // past now.
    Instant ceiling = now.minus(maxDelay);
    if (watermark.isAfter(ceiling)) {
      return ceiling;
    }
    return watermark.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
        ? BoundedWindow.TIMESTAMP_MIN_VALUE
        : watermark;
  }

  static final class Estimator implements TimestampObservingWatermarkEstimator<Instant> {
    private final Duration maxDelay;
    private final Supplier<Instant> clock;
    private final CreateTimeWithIdlePartitions<?, ?> rule;
    private Instant lastRecordAt;
    private Instant reported;

    Estimator(Duration maxDelay, Instant previousWatermark, Supplier<Instant> clock) {
      this.maxDelay = maxDelay;
      this.clock = clock;
      this.rule = new CreateTimeWithIdlePartitions<>(maxDelay, Optional.of(previousWatermark));
      this.lastRecordAt = clock.get();
      this.reported = previousWatermark;
    }

    @Override
    public void observeTimestamp(Instant timestamp) {
      rule.observe(timestamp);
      lastRecordAt = clock.get();
    }

    @Override
    public Instant currentWatermark() {
      Instant now = clock.get();
      long backlog = lastRecordAt.isBefore(now.minus(maxDelay)) ? 0 : -1;
      Instant watermark = rule.watermark(backlog, now, now);
      // Never less than what was already reported: the estimator's state is its last watermark.
      if (watermark.isAfter(reported)) {
        reported = watermark;
      }
      return reported;
    }

    @Override
    public Instant getState() {
      return currentWatermark();
    }
  }
}
