package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisIO;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * The stream of one table, {@code streaming-<prefix>-<table>}, read without end by Beam's aws2
 * KinesisIO (the successor of the removed SDK-v1 {@code beam-sdks-java-io-kinesis}), as raw records
 * with source {@code kinesis:<stream>/<shard>/<sequence>}. Event time is the record's approximate
 * arrival time; a shard read to its end and quiet for {@code idleAfter} lets its watermark follow
 * the clock ({@link KinesisCatchUpWatermark}), so a quiet stream does not hold back the others and
 * a backlog is never passed by it. Region and credentials come from the AWS options (default
 * credential chain); {@code endpoint} points at a Kinesis-compatible server.
 */
public final class KinesisTableSource implements RawRecordSource {
  private static final long serialVersionUID = 1L;

  private final String streamPrefix;
  private final @Nullable URI endpoint;
  private final InitialPositionInStream initialPosition;
  private final Duration idleAfter;

  /** Table id → the (arrival) time to resume from, for a start at the oldest record. */
  private final HashMap<String, Instant> resumeFrom;

  public KinesisTableSource(
      String streamPrefix,
      @Nullable URI endpoint,
      InitialPositionInStream initialPosition,
      Duration idleAfter) {
    this(streamPrefix, endpoint, initialPosition, idleAfter, Map.of());
  }

  private KinesisTableSource(
      String streamPrefix,
      @Nullable URI endpoint,
      InitialPositionInStream initialPosition,
      Duration idleAfter,
      Map<String, Instant> resumeFrom) {
    this.streamPrefix = streamPrefix;
    this.endpoint = endpoint;
    this.initialPosition = initialPosition;
    this.idleAfter = idleAfter;
    this.resumeFrom = new HashMap<>(resumeFrom);
  }

  /**
   * Starts each named table's stream at its time (Kinesis' AT_TIMESTAMP, by arrival time, which is
   * the event time here) instead of its oldest record; a start at the newest record stays as it is.
   */
  @Override
  public RawRecordSource resumingFrom(String scope, Map<String, Instant> times) {
    if (initialPosition != InitialPositionInStream.TRIM_HORIZON) {
      return this;
    }
    return new KinesisTableSource(streamPrefix, endpoint, initialPosition, idleAfter, times);
  }

  @Override
  public PTransform<PBegin, PCollection<RawRecord>> read(TableSpec table) {
    String stream = table.stream(streamPrefix);
    return new PTransform<PBegin, PCollection<RawRecord>>() {
      @Override
      public PCollection<RawRecord> expand(PBegin begin) {
        Instant resumeAt = resumeFrom.get(table.id());
        KinesisCatchUpWatermark watermark = new KinesisCatchUpWatermark(idleAfter);
        KinesisIO.Read read =
            KinesisIO.read()
                .withStreamName(stream)
                .withCustomWatermarkPolicy(watermark)
                .withCustomRateLimitPolicy(watermark);
        if (resumeAt == null) {
          read = read.withInitialPositionInStream(initialPosition);
        } else {
          read = read.withInitialTimestampInStream(resumeAt);
          System.err.printf("pinpipe stream: %s: resuming at %s%n", stream, resumeAt);
        }
        if (endpoint != null) {
          read =
              read.withClientConfiguration(
                  ClientConfiguration.builder().endpoint(endpoint).build());
        }
        PCollection<RawRecord> records =
            begin
                .apply("ReadStream", read)
                .apply("ToRawRecords", ParDo.of(new ToRawRecordFn(table)));
        return SkipBeforeResume.applyTo(records, table, resumeAt);
      }
    };
  }

  private static final class ToRawRecordFn extends DoFn<KinesisRecord, RawRecord> {
    private final TableSpec table;

    ToRawRecordFn(TableSpec table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element KinesisRecord record, OutputReceiver<RawRecord> out) {
      out.output(
          RawRecords.fromUtf8(
              table,
              "kinesis:"
                  + record.getStreamName()
                  + "/"
                  + record.getShardId()
                  + "/"
                  + record.getSequenceNumber(),
              record.getDataAsBytes()));
    }
  }
}
