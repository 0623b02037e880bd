package io.pinpipe.runners.spark;

import io.pinpipe.pipelines.RunnerJarContract;
import java.util.Arrays;
import java.util.List;

/**
 * The runnable jar as a user runs it, on Spark in local mode, with the add-opens flags Spark needs
 * on Java 17: {@code java -jar pinpipe-spark.jar <pipeline> --runner=SparkRunner
 * --sparkMaster=local[2] ...}; the writers follow the master's parallelism ({@code local[n]}).
 */
class SparkJarIT extends RunnerJarContract {
  /** The JVM flags of the pom's spark.add-opens property. */
  private static final List<String> ADD_OPENS =
      Arrays.asList(System.getProperty("pinpipe.spark.add-opens").trim().split("\\s+"));

  @Override
  protected String runnerName() {
    return "SparkRunner";
  }

  @Override
  protected List<String> jvmOptions() {
    return ADD_OPENS;
  }

  @Override
  protected List<String> runnerOptions() {
    return List.of("--runner=SparkRunner", "--sparkMaster=local[2]");
  }

  @Override
  protected List<String> runnerOptions(int writers) {
    return List.of("--runner=SparkRunner", "--sparkMaster=local[" + writers + "]");
  }
}
