package io.pinpipe.pipelines.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DirectRunnerChecksDefaultTest {
  private static final String OFF_1 = "--enforceImmutability=false";
  private static final String OFF_2 = "--enforceEncodability=false";

  @Test
  void theDirectRunnerNamedOrByDefaultRunsWithoutTheTestTimeChecks() {
    assertArrayEquals(
        new String[] {"--output=o", OFF_1, OFF_2},
        DirectRunnerChecksDefault.apply(new String[] {"--output=o"}));
    assertArrayEquals(
        new String[] {"--runner=DirectRunner", OFF_1, OFF_2},
        DirectRunnerChecksDefault.apply(new String[] {"--runner=DirectRunner"}));
    assertArrayEquals(
        new String[] {"--runner=org.apache.beam.runners.direct.DirectRunner", OFF_1, OFF_2},
        DirectRunnerChecksDefault.apply(
            new String[] {"--runner=org.apache.beam.runners.direct.DirectRunner"}));
  }

  @Test
  void aCheckTheUserSetIsKeptAndOtherRunnersAreLeftAlone() {
    assertArrayEquals(
        new String[] {"--enforceImmutability=true", OFF_2},
        DirectRunnerChecksDefault.apply(new String[] {"--enforceImmutability=true"}));
    assertArrayEquals(
        new String[] {"--enforceEncodability", OFF_1},
        DirectRunnerChecksDefault.apply(new String[] {"--enforceEncodability"}));
    String[] flink = {"--runner=FlinkRunner"};
    assertArrayEquals(flink, DirectRunnerChecksDefault.apply(flink));
    String[] spark = {"--runner=SparkRunner", "--output=o"};
    assertArrayEquals(spark, DirectRunnerChecksDefault.apply(spark));
  }
}
