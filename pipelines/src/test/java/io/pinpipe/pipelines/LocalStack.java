package io.pinpipe.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts real servers for integration tests through the project's own script, {@code
 * bin/pinpipe-stack up <server>} (idempotent: a server already up is left alone). {@code bin/test}
 * stops them when the suite ends.
 */
public final class LocalStack {
  private LocalStack() {}

  public static Path root() {
    return Path.of(System.getProperty("pinpipe.root", "..")).toAbsolutePath().normalize();
  }

  public static void up(String... servers) {
    List<String> command = new ArrayList<>(List.of(root().resolve("bin/pinpipe-stack").toString(), "up"));
    command.addAll(List.of(servers));
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("could not start " + List.of(servers) + " with " + command);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String kafkaBootstrap() {
    String bootstrap = System.getenv("PINPIPE_KAFKA_BOOTSTRAP");
    if (bootstrap != null && !bootstrap.isBlank()) {
      return bootstrap;
    }
    String port = System.getenv("PINPIPE_KAFKA_PORT");
    return "127.0.0.1:" + (port == null || port.isBlank() ? "19092" : port);
  }
}
