package io.pinpipe.transforms;

import static io.pinpipe.transforms.UserRows.user;

import io.pinpipe.transforms.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming de-duplication ({@link DeduplicateRows#withinHorizon}) gives the same rows however
 * often a group seals its recent rows into runs ({@link SealedRuns}): a generated stream of rows
 * with many repeats, in event-time order with the watermark following, against the rule of
 * cleaning.md §5 computed directly (a row is dropped when an earlier kept row has the same content
 * within the horizon of its event time).
 */
class SealedDedupTest {
  private static final Schema SCHEMA = Table.USER.curatedSchema();
  private static final long HORIZON_SECONDS = 60;

  @ParameterizedTest(name = "sealing every {0} rows")
  @ValueSource(ints = {1, 5})
  void sealingDoesNotChangeWhichRowsAreKept(int sealAt) {
    Random random = new Random(42);
    TestStream.Builder<Row> stream = TestStream.create(SCHEMA);
    List<String> expected = new ArrayList<>();
    List<long[]> kept = new ArrayList<>(); // ind, age, second
    long second = 0;
    for (int step = 0; step < 40; step++) {
      List<TimestampedValue<Row>> batch = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        second += random.nextInt(3);
        long ind = random.nextInt(30);
        int age = 20 + random.nextInt(2);
        long at = second;
        boolean repeat =
            kept.stream()
                .anyMatch(
                    k -> k[0] == ind && k[1] == age && Math.abs(k[2] - at) <= HORIZON_SECONDS);
        if (!repeat) {
          kept.add(new long[] {ind, age, at});
          expected.add(ind + "/" + age + "@" + at);
        }
        batch.add(
            TimestampedValue.of(user(ind, age), new Instant(0).plus(Duration.standardSeconds(at))));
      }
      stream =
          stream
              .addElements(
                  batch.get(0), batch.subList(1, batch.size()).toArray(new TimestampedValue[0]))
              .advanceWatermarkTo(new Instant(0).plus(Duration.standardSeconds(second)));
    }
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<String> out =
        pipeline
            .apply("Rows", stream.advanceWatermarkToInfinity())
            .apply(
                "Dedup",
                DeduplicateRows.withinHorizon(
                    Table.USER, Duration.standardSeconds(HORIZON_SECONDS), sealAt))
            .apply("WithTime", ParDo.of(new WithTimeFn()));
    PAssert.that(out).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  private static final class WithTimeFn extends DoFn<Row, String> {
    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant time, OutputReceiver<String> out) {
      out.output(row.getInt64("ind") + "/" + row.getInt32("age") + "@" + time.getMillis() / 1000);
    }
  }
}
