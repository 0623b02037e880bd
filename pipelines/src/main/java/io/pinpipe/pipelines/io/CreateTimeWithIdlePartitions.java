package io.pinpipe.pipelines.io;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
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

  @Override
  public Instant getTimestampForRecord(PartitionContext context, KafkaRecord<K, V> record) {
    Instant eventTime = new Instant(record.getTimestamp());
    if (eventTime.isAfter(newestEventTime)) {
      newestEventTime = eventTime;
    }
    return eventTime;
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
}
