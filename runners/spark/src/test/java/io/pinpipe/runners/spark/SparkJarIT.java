package io.pinpipe.runners.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.JarRun;
import io.pinpipe.pipelines.RunnerJarContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  /**
   * The speed layer cannot run on Beam 2.70's Spark runner (no event-time timers in streaming
   * mode); the jar says so in one line before Spark starts, instead of failing inside it.
   */
  @Test
  void streamIsRefusedInOneLineNamingTheRunner() throws Exception {
    List<String> args = new ArrayList<>(List.of("stream"));
    args.addAll(runnerOptions());
    args.addAll(
        List.of(
            "--kafkaBootstrap=127.0.0.1:1",
            "--topicPrefix=refused",
            "--output=" + work.resolve("out")));
    JarRun stream = JarRun.of(work, jvmOptions(), args);
    assertEquals(2, stream.exitCode(), stream.stderr());
    assertEquals(
        "pinpipe stream: --runner: stream cannot run on SparkRunner: Beam 2.70's Spark runner has no"
            + " event-time timers in streaming mode, which the de-duplication needs; use FlinkRunner"
            + " (or DirectRunner to try it out)",
        stream.stderr().strip());
  }
}
