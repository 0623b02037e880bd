package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.transforms.analytics.BatchQuestions;
import io.pinpipe.transforms.analytics.JoinOnInd;
import io.pinpipe.transforms.model.CuratedSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The analytics join on Flink's batch GroupByKey, whose groups can be iterated once only. Beam's
 * {@code CoGbkResult} iterates a group again past 10,000 rows: when rows met in 64 buckets, a
 * bucket that large (here every key a multiple of 64, so one bucket; at 1M rows per table, all 64)
 * failed the job with "GBK result is not re-iterable".
 */
class FlinkLargeJoinTest {
  private static final int ROWS = 12_000;

  @Test
  void aJoinOfMoreThanTenThousandRowsOfOneOldBucketRunsOnFlink() {
    List<Row> pins = new ArrayList<>();
    List<Row> users = new ArrayList<>();
    for (long k = 0; k < ROWS; k++) {
      long ind = 64 * k;
      pins.add(
          Row.withSchema(CuratedSchemas.PIN)
              .addValues(
                  ind, "pin-" + k, null, null, 10L, "Poster " + k, null, null, null, null, "art")
              .build());
      users.add(
          Row.withSchema(CuratedSchemas.USER)
              .addValues(ind, "User " + k, 30, Instant.parse("2016-01-02T03:04:05Z"))
              .build());
    }
    FlinkPipelineOptions options = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<Long> pairs =
        PCollectionTuple.of(
                BatchQuestions.PIN,
                pipeline.apply("Pins", Create.of(pins).withRowSchema(CuratedSchemas.PIN)))
            .and(BatchQuestions.GEO, pipeline.apply("Geos", Create.empty(CuratedSchemas.GEO)))
            .and(
                BatchQuestions.USER,
                pipeline.apply("Users", Create.of(users).withRowSchema(CuratedSchemas.USER)))
            .apply("Join", JoinOnInd.pinWithGeoAndUser())
            .get(JoinOnInd.PIN_USER)
            .apply("CountPairs", Count.globally());
    PAssert.thatSingleton(pairs).isEqualTo((long) ROWS);
    assertEquals(org.apache.beam.sdk.PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }
}
