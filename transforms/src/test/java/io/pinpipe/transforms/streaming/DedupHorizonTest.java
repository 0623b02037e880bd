package io.pinpipe.transforms.streaming;

import static io.pinpipe.transforms.UserRows.user;

import io.pinpipe.transforms.DeduplicateRows;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * cleaning.md §5 in the speed layer ({@link DeduplicateRows#withinHorizon}) with {@link
 * TestStream}: a repeat within the horizon of event time is dropped, other content of the same key
 * is kept, and a row is forgotten once the watermark is a horizon past it, so its repeat after that
 * is kept again (and then remembered itself).
 */
class DedupHorizonTest {
  private static final Schema SCHEMA = Table.USER.curatedSchema();

  private static TimestampedValue<Row> at(int seconds, Row row) {
    return TimestampedValue.of(row, new Instant(0).plus(Duration.standardSeconds(seconds)));
  }

  @Test
  void repeatsWithinTheHorizonAreDroppedAndForgottenAfterIt() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Row a = user(1, 20);
    Row b = user(1, 21); // the same key, other content
    Row c = user(2, 30);
    TestStream<Row> rows =
        TestStream.create(SCHEMA)
            .addElements(at(0, a), at(5, c), at(10, b), at(30, a), at(6, c))
            .advanceWatermarkTo(new Instant(0).plus(Duration.standardSeconds(200)))
            .addElements(at(250, a), at(270, a), at(260, b))
            .addElements(at(400, a)) // more than a horizon after the last a, not yet forgotten
            .advanceWatermarkToInfinity();

    PCollection<String> kept =
        pipeline
            .apply("Rows", rows)
            .apply("Dedup", DeduplicateRows.withinHorizon(Table.USER, Duration.standardSeconds(60)))
            .apply("WithTime", ParDo.of(new WithTimeFn()));

    PAssert.that(kept)
        .containsInAnyOrder("1/20@0", "2/30@5", "1/21@10", "1/20@250", "1/21@260", "1/20@400");
    pipeline.run().waitUntilFinish();
  }

  private static final class WithTimeFn extends DoFn<Row, String> {
    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant time, OutputReceiver<String> out) {
      out.output(row.getInt64("ind") + "/" + row.getInt32("age") + "@" + time.getMillis() / 1000);
    }
  }
}
