package io.pinpipe.pipelines.io;

import io.pinpipe.iceberg.InputCoverage;
import io.pinpipe.iceberg.WrittenFile;
import io.pinpipe.transforms.model.RawRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.iceberg.catalog.TableIdentifier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * What input a commit covers, for its snapshot summary: the last position read per partition, as
 * {@code pinpipe.input-offset.<topic>/<partition> = <offset>} (Kafka, and landing objects, whose
 * names carry their start offset and whose records their line) or {@code
 * pinpipe.input-sequence.<stream>/<shard> = <sequence number>} (Kinesis), from the records' sources
 * (cleaning.md §7). In a windowed pipeline, per window and pane.
 */
public final class InputPositions
    extends PTransform<PCollection<RawRecord>, PCollection<WrittenFile>> {
  private static final Pattern LANDING =
      Pattern.compile("file:.*/([^/+]+)\\+(\\d+)\\+(\\d{10})\\.json#(\\d+)");

  private final TableIdentifier table;

  private InputPositions(TableIdentifier table) {
    this.table = table;
  }

  /** Positions for the summary of {@code table}'s commit. */
  public static InputPositions forTable(TableIdentifier table) {
    return new InputPositions(table);
  }

  /**
   * How many records a batch run read for {@code table} ({@link InputCoverage#RECORDS}), zero
   * included, so that a run over less input than the current snapshot can be refused.
   */
  public static PTransform<PCollection<RawRecord>, PCollection<WrittenFile>> recordCount(
      TableIdentifier table) {
    String id = table.toString();
    return new PTransform<PCollection<RawRecord>, PCollection<WrittenFile>>() {
      @Override
      public PCollection<WrittenFile> expand(PCollection<RawRecord> records) {
        return records
            .apply("Count", Count.globally())
            .apply(
                "AsSummary",
                MapElements.into(TypeDescriptor.of(WrittenFile.class))
                    .via(
                        (Long n) ->
                            WrittenFile.summary(
                                TableIdentifier.parse(id),
                                Map.of(InputCoverage.RECORDS, Long.toString(n)))))
            .setCoder(SerializableCoder.of(WrittenFile.class));
      }
    };
  }

  /**
   * The summary property and the position of a record's source, or null for sources without one.
   */
  static @Nullable KV<String, String> position(String source) {
    Matcher landing = source.startsWith("file:") ? LANDING.matcher(source) : null;
    if (landing != null && landing.matches()) {
      long offset = Long.parseLong(landing.group(3)) + Long.parseLong(landing.group(4)) - 1;
      return KV.of(
          InputCoverage.OFFSET + landing.group(1) + "/" + landing.group(2), Long.toString(offset));
    }
    int kafka = lastSlashOfPosition(source, "kafka:", true);
    if (kafka >= 0) {
      return KV.of(
          InputCoverage.OFFSET + source.substring("kafka:".length(), kafka),
          source.substring(kafka + 1));
    }
    int kinesis = lastSlashOfPosition(source, "kinesis:", false);
    if (kinesis >= 0) {
      return KV.of(
          InputCoverage.SEQUENCE + source.substring("kinesis:".length(), kinesis),
          source.substring(kinesis + 1));
    }
    return null;
  }

  /**
   * Where {@code <scheme><name>/<part>/<number>} ({@code kafka:<topic>/<partition>/<offset>},
   * {@code kinesis:<stream>/<shard>/<sequence>}) has its last slash, or -1 when {@code source} is
   * not of that form; {@code numericPart}: the part is a number too. Split by hand, not by a regex:
   * this runs for every record read.
   */
  private static int lastSlashOfPosition(String source, String scheme, boolean numericPart) {
    if (!source.startsWith(scheme)) {
      return -1;
    }
    int last = source.lastIndexOf('/');
    if (last < 0 || !digits(source, last + 1, source.length())) {
      return -1;
    }
    int previous = last == 0 ? -1 : source.lastIndexOf('/', last - 1);
    boolean partOk = numericPart ? digits(source, previous + 1, last) : previous + 1 < last;
    return previous > scheme.length() && partOk ? last : -1;
  }

  private static boolean digits(String text, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public PCollection<WrittenFile> expand(PCollection<RawRecord> records) {
    String id = table.toString();
    return records
        .apply("Positions", ParDo.of(new PositionFn()))
        .apply("LastPerPartition", Combine.perKey(WrittenFile::newer))
        .apply(
            "AsSummary",
            MapElements.into(TypeDescriptor.of(WrittenFile.class))
                .via(
                    (KV<String, String> kv) ->
                        WrittenFile.summary(
                            TableIdentifier.parse(id), Map.of(kv.getKey(), kv.getValue()))))
        .setCoder(SerializableCoder.of(WrittenFile.class));
  }

  /**
   * The last position per partition among a bundle's records, per window: one element per partition
   * and window for each bundle instead of one per record, so the grouping behind it stays cheap
   * however fast records arrive. Emitted when the bundle finishes, with the newest record time of
   * its window (the runner passes no watermark on while a bundle is open, so the output is never
   * late where the records were not).
   */
  private static final class PositionFn extends DoFn<RawRecord, KV<String, String>> {
    private transient Map<BoundedWindow, Map<String, KV<String, Instant>>> latest;

    @StartBundle
    public void startBundle() {
      latest = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element RawRecord record, @Timestamp Instant time, BoundedWindow window) {
      KV<String, String> position = position(record.source);
      if (position == null) {
        return;
      }
      latest
          .computeIfAbsent(window, w -> new HashMap<>())
          .merge(
              position.getKey(),
              KV.of(position.getValue(), time),
              (a, b) ->
                  KV.of(
                      WrittenFile.newer(a.getKey(), b.getKey()),
                      a.getValue().isAfter(b.getValue()) ? a.getValue() : b.getValue()));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      latest.forEach(
          (window, positions) ->
              positions.forEach(
                  (partition, last) ->
                      context.output(KV.of(partition, last.getKey()), last.getValue(), window)));
      latest.clear();
    }
  }
}
