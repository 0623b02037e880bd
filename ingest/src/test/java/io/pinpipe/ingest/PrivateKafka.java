package io.pinpipe.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of our own for the broker-restart test, started and stopped with {@code
 * bin/pinpipe-stack} under its own state dir and on 29xxx ports (PINPIPE_FAULT_INGEST_KAFKA_PORT,
 * ..._CONTROLLER_PORT), so stopping it never touches the shared broker. The state dir is kept
 * between runs: the first {@code up} fetches Kafka's jars.
 */
final class PrivateKafka {
  static final int PORT = Integer.parseInt(env("PINPIPE_FAULT_INGEST_KAFKA_PORT", "29192"));
  static final int CONTROLLER_PORT =
      Integer.parseInt(env("PINPIPE_FAULT_INGEST_KAFKA_CONTROLLER_PORT", "29193"));
  static final Path DIR =
      Path.of(
          env(
              "PINPIPE_FAULT_INGEST_STACK_DIR",
              LocalStack.root().resolve(".stack-faults-ingest").toString()));

  private PrivateKafka() {}

  static String bootstrap() {
    return "127.0.0.1:" + PORT;
  }

  static void up() {
    stack("up");
  }

  static void down() {
    stack("down");
  }

  private static void stack(String verb) {
    List<String> command =
        List.of(LocalStack.root().resolve("bin/pinpipe-stack").toString(), verb, "kafka");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PINPIPE_STACK_DIR", DIR.toString());
    builder.environment().put("PINPIPE_KAFKA_PORT", String.valueOf(PORT));
    builder.environment().put("PINPIPE_KAFKA_CONTROLLER_PORT", String.valueOf(CONTROLLER_PORT));
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
