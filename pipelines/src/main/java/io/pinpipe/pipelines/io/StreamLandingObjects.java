package io.pinpipe.pipelines.io;

import java.io.IOException;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * The streaming form of {@link WriteLandingObjects}: the records of an open object are kept in
 * state and the object is written when it holds {@code recordsPerObject} records, or when its first
 * record is {@code maxObjectAge} old (like the S3 sink's {@code rotate.interval.ms}). An object
 * written early is rewritten, under the same name, as its later records arrive; once full it is
 * final and its state is dropped. State holds at most one object per partition.
 */
public final class StreamLandingObjects
    extends PTransform<PCollection<KafkaRecord<byte[], byte[]>>, PDone> {
  private final String root;
  private final Map<String, Long> runStartOffsets;
  private final int recordsPerObject;
  private final Duration maxObjectAge;

  public StreamLandingObjects(
      String root, Map<String, Long> runStartOffsets, int recordsPerObject, Duration maxObjectAge) {
    this.root = root;
    this.runStartOffsets = runStartOffsets;
    this.recordsPerObject = recordsPerObject;
    this.maxObjectAge = maxObjectAge;
  }

  @Override
  public PDone expand(PCollection<KafkaRecord<byte[], byte[]>> records) {
    records
        .apply(
            "AssignObject",
            ParDo.of(new WriteLandingObjects.AssignObjectFn(runStartOffsets, recordsPerObject)))
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), ByteArrayCoder.of())))
        .apply(
            "WriteObjectsWhenFullOrOld",
            ParDo.of(new BufferObjectFn(root, recordsPerObject, maxObjectAge)));
    return PDone.in(records.getPipeline());
  }

  private static final class BufferObjectFn extends DoFn<KV<String, KV<Long, byte[]>>, Void> {
    private final int recordsPerObject;
    private final Duration maxObjectAge;
    private final WriteLandingObjects.WriteObjectFn writer;

    @StateId("records")
    private final StateSpec<BagState<KV<Long, byte[]>>> recordsSpec =
        StateSpecs.bag(KvCoder.of(VarLongCoder.of(), ByteArrayCoder.of()));

    @StateId("count")
    private final StateSpec<ValueState<Long>> countSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("key")
    private final StateSpec<ValueState<String>> keySpec = StateSpecs.value(StringUtf8Coder.of());

    @StateId("armed")
    private final StateSpec<ValueState<Boolean>> armedSpec =
        StateSpecs.value(org.apache.beam.sdk.coders.BooleanCoder.of());

    @TimerId("age")
    private final TimerSpec ageSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    BufferObjectFn(String root, int recordsPerObject, Duration maxObjectAge) {
      this.recordsPerObject = recordsPerObject;
      this.maxObjectAge = maxObjectAge;
      this.writer = new WriteLandingObjects.WriteObjectFn(root);
    }

    @ProcessElement
    public void process(
        @Element KV<String, KV<Long, byte[]>> record,
        @StateId("records") BagState<KV<Long, byte[]>> records,
        @StateId("count") ValueState<Long> count,
        @StateId("key") ValueState<String> key,
        @StateId("armed") ValueState<Boolean> armed,
        @TimerId("age") Timer age)
        throws IOException {
      long n = count.read() == null ? 0 : count.read();
      key.write(record.getKey());
      if (!Boolean.TRUE.equals(armed.read())) {
        age.offset(maxObjectAge).setRelative();
        armed.write(true);
      }
      records.add(record.getValue());
      count.write(++n);
      if (n >= recordsPerObject) {
        writer.write(record.getKey(), records.read());
        records.clear();
        count.clear();
        key.clear();
        armed.clear();
        age.clear();
      }
    }

    @OnTimer("age")
    public void onAge(
        @StateId("records") BagState<KV<Long, byte[]>> records,
        @StateId("key") ValueState<String> key,
        @StateId("armed") ValueState<Boolean> armed)
        throws IOException {
      armed.clear();
      String objectKey = key.read();
      if (objectKey != null) {
        // Written now so the data is visible; kept, so later records rewrite it whole.
        writer.write(objectKey, records.read());
      }
    }
  }
}
