package io.pinpipe.pipelines;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension for a test class that needs servers of {@code bin/pinpipe-stack} (the Flink
 * or Spark cluster's members): before the class's tests it starts those that are not up, and after
 * them it stops only those it started, so a cluster someone else runs stays up.
 *
 * <pre>
 * {@literal @}RegisterExtension
 * static final StackServers CLUSTER = StackServers.of("spark-master", "spark-worker");
 * </pre>
 */
public final class StackServers implements BeforeAllCallback, AfterAllCallback {
  private final List<String> servers;
  private final List<String> startedHere = new ArrayList<>();

  private StackServers(List<String> servers) {
    this.servers = servers;
  }

  public static StackServers of(String... servers) {
    return new StackServers(List.of(servers));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    for (String server : servers) {
      if (run("status", server).exitCode() != 0) {
        startedHere.add(server);
      }
    }
    if (!startedHere.isEmpty()) {
      LocalStack.stack(java.util.Map.of(), "up", startedHere.toArray(String[]::new));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!startedHere.isEmpty()) {
      List<String> down = new ArrayList<>(List.of("down"));
      down.addAll(startedHere);
      run(down.toArray(String[]::new));
      startedHere.clear();
    }
  }

  private static LocalStack.Result run(String... args) {
    return LocalStack.run(java.util.Map.of(), List.of(args));
  }
}
