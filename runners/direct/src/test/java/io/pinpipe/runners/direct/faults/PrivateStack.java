package io.pinpipe.runners.direct.faults;

import io.pinpipe.pipelines.LocalStack;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kafka and S3Proxy of our own for the fault tests, started and stopped with {@code
 * bin/pinpipe-stack} under a state dir of their own and on 29xxx ports, so breaking them never
 * touches the shared servers other people's tests use. The state dir is kept between runs: the
 * first {@code up} fetches the servers' jars, which takes minutes on a busy machine.
 */
final class PrivateStack {
  static final Path ROOT = LocalStack.root();
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

  /**
   * A JUnit 5 extension: the private {@code servers} up before a test class's tests and down after
   * them, for {@code @RegisterExtension}.
   */
  static Extension forTheClass(String... servers) {
    return new ForTheClass(servers);
  }

  private static final class ForTheClass implements BeforeAllCallback, AfterAllCallback {
    private final String[] servers;

    ForTheClass(String[] servers) {
      this.servers = servers;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      up(servers);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      down(servers);
    }
  }

  static void up(String... servers) {
    stack("up", servers);
  }

  static void down(String... servers) {
    stack("down", servers);
  }

  private static void stack(String verb, String... servers) {
    LocalStack.stack(
        java.util.Map.of(
            "PINPIPE_STACK_DIR", DIR.toString(),
            "PINPIPE_KAFKA_PORT", String.valueOf(KAFKA_PORT),
            "PINPIPE_KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA_CONTROLLER_PORT),
            "PINPIPE_S3_PORT", String.valueOf(S3_PORT)),
        verb,
        servers);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
