package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.JsonPayload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Writes Kafka records into raw landing objects (wire-formats.md §4), as the Confluent S3 sink
 * does: the records of a partition are cut into objects of {@code recordsPerObject} consecutive
 * offsets counted from where this run started, each named after its first offset and holding one
 * value per line in offset order. Names and bytes come from offsets only, so a replay of the same
 * offsets rewrites the same objects.
 *
 * <p>Values land as they are, valid JSON or not (the landing zone is raw); those that are not UTF-8
 * JSON objects are counted in {@code pinpipe.land/not_json_objects}.
 */
public final class WriteLandingObjects
    extends PTransform<PCollection<KafkaRecord<byte[], byte[]>>, PDone> {
  private final String root;
  private final Map<String, Long> runStartOffsets;
  private final int recordsPerObject;

  /** {@code runStartOffsets}: first offset of this run per {@code topic/partition}. */
  public WriteLandingObjects(String root, Map<String, Long> runStartOffsets, int recordsPerObject) {
    this.root = root;
    this.runStartOffsets = runStartOffsets;
    this.recordsPerObject = recordsPerObject;
  }

  public static String partitionKey(String topic, int partition) {
    return topic + "/" + partition;
  }

  @Override
  public PDone expand(PCollection<KafkaRecord<byte[], byte[]>> records) {
    records
        .apply("AssignObject", ParDo.of(new AssignObjectFn(runStartOffsets, recordsPerObject)))
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), ByteArrayCoder.of())))
        // The read is bounded by end offsets: each object is complete when the watermark passes.
        .apply(
            "FireAtEnd",
            Window.<KV<String, KV<Long, byte[]>>>into(new GlobalWindows())
                .triggering(AfterWatermark.pastEndOfWindow())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply("GroupObjects", GroupByKey.create())
        .apply("WriteObjects", ParDo.of(new WriteObjectFn(root)));
    return PDone.in(records.getPipeline());
  }

  /** Keys each record by its object: {@code topic|partition|objectStartOffset}. */
  static final class AssignObjectFn
      extends DoFn<KafkaRecord<byte[], byte[]>, KV<String, KV<Long, byte[]>>> {
    private final Map<String, Long> runStartOffsets;
    private final int recordsPerObject;

    AssignObjectFn(Map<String, Long> runStartOffsets, int recordsPerObject) {
      this.runStartOffsets = runStartOffsets;
      this.recordsPerObject = recordsPerObject;
    }

    @ProcessElement
    public void process(
        @Element KafkaRecord<byte[], byte[]> record,
        OutputReceiver<KV<String, KV<Long, byte[]>>> out) {
      long runStart =
          runStartOffsets.getOrDefault(partitionKey(record.getTopic(), record.getPartition()), 0L);
      long objectStart =
          runStart
              + Math.floorDiv(record.getOffset() - runStart, recordsPerObject) * recordsPerObject;
      byte[] value = record.getKV().getValue();
      out.output(
          KV.of(
              record.getTopic() + "|" + record.getPartition() + "|" + objectStart,
              KV.of(record.getOffset(), value == null ? new byte[0] : value)));
    }
  }

  static final class WriteObjectFn extends DoFn<KV<String, Iterable<KV<Long, byte[]>>>, Void> {
    private final String root;
    private final Counter landed = Metrics.counter("pinpipe.land", "records_landed");
    private final Counter objects = Metrics.counter("pinpipe.land", "objects_written");
    private final Counter notJson = Metrics.counter("pinpipe.land", "not_json_objects");

    WriteObjectFn(String root) {
      this.root = root;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<Long, byte[]>>> object) throws IOException {
      write(object.getKey(), object.getValue());
    }

    /** Writes (or rewrites) the object {@code objectKey} with {@code values}, in offset order. */
    void write(String objectKey, Iterable<KV<Long, byte[]>> values) throws IOException {
      String[] key = objectKey.split("\\|");
      String topic = key[0];
      int partition = Integer.parseInt(key[1]);
      long start = Long.parseLong(key[2]);
      List<KV<Long, byte[]>> records = new ArrayList<>();
      values.forEach(records::add);
      records.sort(Comparator.comparing(KV::getKey));
      try (AtomicFile file =
          AtomicFile.create(
              LandingObjects.directory(root, topic, partition),
              LandingObjects.name(topic, partition, start),
              "application/json")) {
        OutputStream out =
            new java.io.BufferedOutputStream(Channels.newOutputStream(file.channel()), 1 << 16);
        long previous = -1;
        for (KV<Long, byte[]> record : records) {
          // At-least-once reads can deliver an offset twice; an object holds each offset once.
          if (record.getKey() == previous) {
            continue;
          }
          previous = record.getKey();
          out.write(record.getValue());
          out.write('\n');
          landed.inc();
          if (!looksLikeJsonObject(record.getValue())) {
            notJson.inc();
          }
        }
        out.flush();
        file.commit();
      }
      objects.inc();
    }

    private static boolean looksLikeJsonObject(byte[] value) {
      String text = RawRecords.strictUtf8(value);
      if (text == null) {
        return false;
      }
      try {
        JsonPayload.parseObject(text);
        return true;
      } catch (InvalidRecordException e) {
        return false;
      }
    }
  }
}
