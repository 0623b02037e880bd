package io.pinpipe.ingest;

import java.nio.file.Path;

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
    io.pinpipe.pipelines.LocalStack.stack(
        java.util.Map.of(
            "PINPIPE_STACK_DIR", DIR.toString(),
            "PINPIPE_KAFKA_PORT", String.valueOf(PORT),
            "PINPIPE_KAFKA_CONTROLLER_PORT", String.valueOf(CONTROLLER_PORT)),
        verb,
        "kafka");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
