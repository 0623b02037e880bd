package io.pinpipe.transforms.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The speed layer's event-time behaviour with {@link TestStream}: on-time data in its window's
 * on-time pane, late data within the allowed lateness in a late pane, later data counted (never
 * dropped without a trace), and duplicates inside the horizon collapsed (cleaning.md §5).
 */
class CurateStreamTest {
  private static final Instant T0 = new Instant(0);
  private static final IntervalWindow FIRST = new IntervalWindow(T0, Duration.standardSeconds(60));
  private static final IntervalWindow SECOND =
      new IntervalWindow(T0.plus(Duration.standardSeconds(60)), Duration.standardSeconds(60));

  private static String user(int ind, int age) {
    return "{\"ind\": "
        + ind
        + ", \"first_name\": \"A\", \"last_name\": \"B\", \"age\": "
        + age
        + ", \"date_joined\": \"2016-01-01 00:00:00\"}";
  }

  private static String curated(int ind, int age) {
    return "{\"ind\":"
        + ind
        + ",\"user_name\":\"A B\",\"age\":"
        + age
        + ",\"date_joined\":\"2016-01-01T00:00:00Z\"}";
  }

  private static TimestampedValue<RawRecord> at(int seconds, String payload) {
    return TimestampedValue.of(
        RawRecord.of(Table.USER, "kinesis:s/shard-0/" + seconds, payload),
        T0.plus(Duration.standardSeconds(seconds)));
  }

  @Test
  void onTimeLateAndTooLateDataAndDuplicatesInsideTheHorizon() throws Exception {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Coder<RawRecord> coder = pipeline.getSchemaRegistry().getSchemaCoder(RawRecord.class);
    TestStream<RawRecord> events =
        TestStream.create(coder)
            .addElements(
                at(5, user(1, 20)), at(10, user(2, 30)), at(20, user(1, 20))) // a re-post of ind 1
            .addElements(at(65, user(3, 40))) // second window
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(70))) // first window on time
            .addElements(at(30, user(4, 50))) // late, within lateness
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(200))) // past lateness of window 1
            .addElements(at(40, user(5, 60))) // too late: counted
            .advanceWatermarkToInfinity();

    PCollectionTuple out =
        pipeline
            .apply("Events", events)
            .apply(
                "StreamingClean",
                CurateStream.of(Table.USER, "stream")
                    .withWindow(Duration.standardSeconds(60))
                    .withAllowedLateness(Duration.standardSeconds(60))
                    .withDedupHorizon(Duration.standardMinutes(10)));

    // What a windowed writer sees: one group per window and pane.
    PCollection<String> panes =
        out.get(CurateStream.CURATED)
            .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(CuratedJson::toJson))
            .apply("OneKey", WithKeys.of("all"))
            .apply("GroupPane", GroupByKey.create())
            .apply("Lines", Values.create())
            .apply(
                "SortedPane",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        lines -> {
                          java.util.List<String> sorted = new java.util.ArrayList<>();
                          lines.forEach(sorted::add);
                          java.util.Collections.sort(sorted);
                          return String.join("\n", sorted);
                        }));
    PAssert.that("first on time", panes)
        .inOnTimePane(FIRST)
        .containsInAnyOrder(curated(1, 20) + "\n" + curated(2, 30));
    PAssert.that("first late", panes).inLatePane(FIRST).containsInAnyOrder(curated(4, 50));
    PAssert.that("second on time", panes).inOnTimePane(SECOND).containsInAnyOrder(curated(3, 40));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long dropped = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (counter.getName().getName().equalsIgnoreCase(CurateStream.DROPPED_DUE_TO_LATENESS)) {
        dropped += counter.getAttempted();
      }
    }
    assertEquals(1, dropped, "the record later than the allowed lateness is counted");
  }
}
