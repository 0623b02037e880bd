package io.pinpipe.pipelines.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FlinkCheckpointDefaultTest {
  private static final String INTERVAL = "--checkpointingInterval=60000";
  private static final String FILESYSTEM = "--stateBackend=filesystem";
  private static final String STORAGE = "--stateBackendStoragePath=" + FlinkCheckpointDefault.LOCAL_STORAGE_PATH;

  @Test
  void embeddedFlinkGetsAnIntervalAndFileCheckpointStorage() {
    assertArrayEquals(new String[] {"--runner=FlinkRunner", INTERVAL, FILESYSTEM, STORAGE},
        FlinkCheckpointDefault.apply(new String[] {"--runner=FlinkRunner"}));
    assertArrayEquals(new String[] {"--runner=org.apache.beam.runners.flink.FlinkRunner", INTERVAL, FILESYSTEM, STORAGE},
        FlinkCheckpointDefault.apply(new String[] {"--runner=org.apache.beam.runners.flink.FlinkRunner"}));
    assertArrayEquals(new String[] {"--runner=flink", "--flinkMaster=[local]", INTERVAL, FILESYSTEM, STORAGE},
        FlinkCheckpointDefault.apply(new String[] {"--runner=flink", "--flinkMaster=[local]"}));
  }

  @Test
  void aClusterKeepsItsOwnCheckpointStorage() {
    assertArrayEquals(new String[] {"--runner=FlinkRunner", "--flinkMaster=127.0.0.1:18081", INTERVAL},
        FlinkCheckpointDefault.apply(new String[] {"--runner=FlinkRunner", "--flinkMaster=127.0.0.1:18081"}));
  }

  @Test
  void givenSettingsAndOtherRunnersAreLeftAlone() {
    String[] given = {"--runner=FlinkRunner", "--checkpointingInterval=5000", "--stateBackend=rocksdb",
        "--stateBackendStoragePath=s3://bucket/checkpoints"};
    assertArrayEquals(given, FlinkCheckpointDefault.apply(given));
    assertArrayEquals(new String[] {"--runner=FlinkRunner", "--checkpointingInterval=5000", FILESYSTEM, STORAGE},
        FlinkCheckpointDefault.apply(new String[] {"--runner=FlinkRunner", "--checkpointingInterval=5000"}));
    String[] direct = {"--runner=DirectRunner"};
    assertArrayEquals(direct, FlinkCheckpointDefault.apply(direct));
    String[] none = {"--output=/tmp/x"};
    assertArrayEquals(none, FlinkCheckpointDefault.apply(none));
    String[] spark = {"--runner=SparkRunner"};
    assertArrayEquals(spark, FlinkCheckpointDefault.apply(spark));
  }
}
