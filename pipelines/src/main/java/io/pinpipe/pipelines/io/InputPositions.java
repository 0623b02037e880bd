package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What input a run covers, for the snapshot summary: the last offset read per topic-partition, as
 * {@code pinpipe.input-offset.<topic>/<partition> = <offset>}, from the records' sources (a landing
 * object's name carries its start offset, cleaning.md §7 the line; a Kafka record its offset).
 */
public final class InputPositions extends PTransform<PCollection<RawRecord>, PCollection<KV<String, String>>> {
  public static final String PREFIX = "pinpipe.input-offset.";

  private static final Pattern LANDING =
      Pattern.compile("file:.*/([^/+]+)\\+(\\d+)\\+(\\d{10})\\.json#(\\d+)");
  private static final Pattern KAFKA = Pattern.compile("kafka:(.+)/(\\d+)/(\\d+)");

  public static InputPositions of() {
    return new InputPositions();
  }

  /** {@code <topic>/<partition>} and the offset of a record's source, or null for other sources. */
  static @Nullable KV<String, Long> position(String source) {
    Matcher landing = LANDING.matcher(source);
    if (landing.matches()) {
      long offset = Long.parseLong(landing.group(3)) + Long.parseLong(landing.group(4)) - 1;
      return KV.of(landing.group(1) + "/" + landing.group(2), offset);
    }
    Matcher kafka = KAFKA.matcher(source);
    if (kafka.matches()) {
      return KV.of(kafka.group(1) + "/" + kafka.group(2), Long.parseLong(kafka.group(3)));
    }
    return null;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<RawRecord> records) {
    return records
        .apply("Positions", ParDo.of(new DoFn<RawRecord, KV<String, Long>>() {
          @ProcessElement
          public void process(@Element RawRecord record, OutputReceiver<KV<String, Long>> out) {
            KV<String, Long> position = position(record.source);
            if (position != null) {
              out.output(position);
            }
          }
        }))
        .apply("LastPerPartition", Max.longsPerKey())
        .apply("AsSummary", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via(kv -> KV.of(PREFIX + kv.getKey(), Long.toString(kv.getValue()))));
  }
}
