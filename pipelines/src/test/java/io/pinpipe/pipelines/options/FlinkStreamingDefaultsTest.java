package io.pinpipe.pipelines.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FlinkStreamingDefaultsTest {
  private static final String INTERVAL = "--checkpointingInterval=60000";
  private static final String BUNDLE = "--maxBundleTimeMills=100";
  private static final String NO_COPY = "--fasterCopy=true";
  private static final String FILESYSTEM = "--stateBackend=filesystem";
  private static final String STORAGE =
      "--stateBackendStoragePath=" + FlinkStreamingDefaults.LOCAL_STORAGE_PATH;

  @Test
  void embeddedFlinkGetsAnIntervalShortBundlesAndFileCheckpointStorage() {
    assertArrayEquals(
        new String[] {"--runner=FlinkRunner", INTERVAL, BUNDLE, NO_COPY, FILESYSTEM, STORAGE},
        FlinkStreamingDefaults.apply(new String[] {"--runner=FlinkRunner"}));
    assertArrayEquals(
        new String[] {
          "--runner=org.apache.beam.runners.flink.FlinkRunner",
          INTERVAL,
          BUNDLE,
          NO_COPY,
          FILESYSTEM,
          STORAGE
        },
        FlinkStreamingDefaults.apply(
            new String[] {"--runner=org.apache.beam.runners.flink.FlinkRunner"}));
    assertArrayEquals(
        new String[] {
          "--runner=flink", "--flinkMaster=[local]", INTERVAL, BUNDLE, NO_COPY, FILESYSTEM, STORAGE
        },
        FlinkStreamingDefaults.apply(new String[] {"--runner=flink", "--flinkMaster=[local]"}));
  }

  @Test
  void aClusterKeepsItsOwnCheckpointStorage() {
    assertArrayEquals(
        new String[] {
          "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:18081", INTERVAL, BUNDLE, NO_COPY
        },
        FlinkStreamingDefaults.apply(
            new String[] {"--runner=FlinkRunner", "--flinkMaster=127.0.0.1:18081"}));
  }

  @Test
  void givenSettingsAndOtherRunnersAreLeftAlone() {
    String[] given = {
      "--runner=FlinkRunner",
      "--checkpointingInterval=5000",
      "--stateBackend=rocksdb",
      "--stateBackendStoragePath=s3://bucket/checkpoints",
      "--maxBundleSize=1000",
      "--objectReuse=false"
    };
    assertArrayEquals(given, FlinkStreamingDefaults.apply(given));
    assertArrayEquals(
        new String[] {
          "--runner=FlinkRunner",
          "--checkpointingInterval=5000",
          BUNDLE,
          NO_COPY,
          FILESYSTEM,
          STORAGE
        },
        FlinkStreamingDefaults.apply(
            new String[] {"--runner=FlinkRunner", "--checkpointingInterval=5000"}));
    String[] direct = {"--runner=DirectRunner"};
    assertArrayEquals(direct, FlinkStreamingDefaults.apply(direct));
    String[] none = {"--output=/tmp/x"};
    assertArrayEquals(none, FlinkStreamingDefaults.apply(none));
    String[] spark = {"--runner=SparkRunner"};
    assertArrayEquals(spark, FlinkStreamingDefaults.apply(spark));
  }
}
