package io.pinpipe.pipelines.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FlinkCheckpointDefaultTest {
  @Test
  void flinkWithoutAnIntervalGetsTheDefault() {
    assertArrayEquals(new String[] {"--runner=FlinkRunner", "--checkpointingInterval=60000"},
        FlinkCheckpointDefault.apply(new String[] {"--runner=FlinkRunner"}));
    assertArrayEquals(new String[] {"--runner=org.apache.beam.runners.flink.FlinkRunner", "--checkpointingInterval=60000"},
        FlinkCheckpointDefault.apply(new String[] {"--runner=org.apache.beam.runners.flink.FlinkRunner"}));
    assertArrayEquals(new String[] {"--runner=flink", "--checkpointingInterval=60000"},
        FlinkCheckpointDefault.apply(new String[] {"--runner=flink"}));
  }

  @Test
  void aGivenIntervalAndOtherRunnersAreLeftAlone() {
    String[] given = {"--runner=FlinkRunner", "--checkpointingInterval=5000"};
    assertArrayEquals(given, FlinkCheckpointDefault.apply(given));
    String[] direct = {"--runner=DirectRunner"};
    assertArrayEquals(direct, FlinkCheckpointDefault.apply(direct));
    String[] none = {"--output=/tmp/x"};
    assertArrayEquals(none, FlinkCheckpointDefault.apply(none));
    String[] spark = {"--runner=SparkRunner"};
    assertArrayEquals(spark, FlinkCheckpointDefault.apply(spark));
  }
}
