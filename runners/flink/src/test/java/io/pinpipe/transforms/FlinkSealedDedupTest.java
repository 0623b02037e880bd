package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The streaming de-duplication's sealed runs ({@link SealedRuns}) in Flink's own state, in
 * streaming mode: its map state emptied at each seal, the runs a value state of their own coder.
 * Every row arrives twice, the repeat after the row has been sealed (a seal every 3 rows), so a
 * repeat is dropped only when the lookup in the runs finds it; a row repeated more than the horizon
 * later is kept again.
 */
class FlinkSealedDedupTest {
  private static final Schema SCHEMA = Table.USER.curatedSchema();
  private static final int KEYS = 2_000;

  private static TimestampedValue<Row> user(long ind, int second) {
    Row row =
        CuratedJson.fromJson(
            SCHEMA,
            "{\"ind\":"
                + ind
                + ",\"user_name\":\"A B\",\"age\":30,\"date_joined\":\"2016-01-01T00:00:00Z\"}");
    return TimestampedValue.of(row, new Instant(0).plus(Duration.standardSeconds(second)));
  }

  @Test
  void repeatsFoundInSealedRunsAreDroppedOnFlink() {
    List<TimestampedValue<Row>> rows = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (long ind = 0; ind < KEYS; ind++) {
      rows.add(user(ind, 10));
      expected.add(ind + "@10");
    }
    for (long ind = 0; ind < KEYS; ind++) {
      rows.add(user(ind, 20)); // within the horizon of the first: dropped
    }
    rows.add(user(7, 500)); // beyond it: kept
    expected.add("7@500");

    FlinkPipelineOptions options = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setStreaming(true);
    options.setParallelism(1); // one reader: the first of each pair arrives first
    options.setFasterCopy(true);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<String> kept =
        pipeline
            .apply("Rows", Create.timestamped(rows).withCoder(RowCoder.of(SCHEMA)))
            .apply(
                "Dedup", DeduplicateRows.withinHorizon(Table.USER, Duration.standardSeconds(60), 3))
            .apply("IndAndSecond", ParDo.of(new IndAndSecondFn()));
    PAssert.that(kept).containsInAnyOrder(expected);
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  private static final class IndAndSecondFn extends DoFn<Row, String> {
    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant time, OutputReceiver<String> out) {
      out.output(row.getInt64("ind") + "@" + time.getMillis() / 1000);
    }
  }
}
