package io.pinpipe.runners.flink;

import io.pinpipe.pipelines.RunnerJarContract;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable jar as a user runs it, on an embedded Flink mini-cluster: {@code java -jar
 * pinpipe-flink.jar <pipeline> --runner=FlinkRunner --flinkMaster=[local] ...}; the writers follow
 * {@code --parallelism}.
 */
class FlinkJarIT extends RunnerJarContract {
  @Override
  protected String runnerName() {
    return "FlinkRunner";
  }

  @Override
  protected List<String> jvmOptions() {
    return List.of();
  }

  @Override
  protected List<String> runnerOptions() {
    return List.of("--runner=FlinkRunner", "--flinkMaster=[local]");
  }

  @Override
  protected List<String> runnerOptions(int writers) {
    List<String> options = new ArrayList<>(runnerOptions());
    options.add("--parallelism=" + writers);
    return options;
  }
}
