package io.pinpipe.runners.direct.faults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka and S3Proxy of our own for the fault tests, started and stopped with {@code
 * bin/pinpipe-stack} under a state dir of their own and on 29xxx ports, so breaking them never
 * touches the shared servers other people's tests use. The state dir is kept between runs: the
 * first {@code up} fetches the servers' jars, which takes minutes on a busy machine.
 */
final class PrivateStack {
  static final Path ROOT =
      Path.of(System.getProperty("pinpipe.root", "../..")).toAbsolutePath().normalize();
  static final Path DIR =
      Path.of(env("PINPIPE_FAULT_STACK_DIR", ROOT.resolve(".stack-faults").toString()));
  static final int KAFKA_PORT = Integer.parseInt(env("PINPIPE_FAULT_KAFKA_PORT", "29092"));
  static final int KAFKA_CONTROLLER_PORT =
      Integer.parseInt(env("PINPIPE_FAULT_KAFKA_CONTROLLER_PORT", "29093"));
  static final int S3_PORT = Integer.parseInt(env("PINPIPE_FAULT_S3_PORT", "29000"));

  private PrivateStack() {}

  static String kafkaBootstrap() {
    return "127.0.0.1:" + KAFKA_PORT;
  }

  static String s3Endpoint() {
    return "http://127.0.0.1:" + S3_PORT;
  }

  static void up(String... servers) {
    stack("up", servers);
  }

  static void down(String... servers) {
    stack("down", servers);
  }

  private static void stack(String verb, String... servers) {
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("bin/pinpipe-stack").toString(), verb));
    command.addAll(List.of(servers));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PINPIPE_STACK_DIR", DIR.toString());
    builder.environment().put("PINPIPE_KAFKA_PORT", String.valueOf(KAFKA_PORT));
    builder
        .environment()
        .put("PINPIPE_KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA_CONTROLLER_PORT));
    builder.environment().put("PINPIPE_S3_PORT", String.valueOf(S3_PORT));
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "failed: " + command + " (PINPIPE_STACK_DIR=" + DIR + "):\n" + output);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
