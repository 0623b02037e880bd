package io.pinpipe.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Kafka and kinesis-mock of {@code bin/pinpipe-stack}, for tests. When both already answer
 * on their ports (often started by another checkout sharing this machine) they are used as they
 * are; otherwise {@code bin/pinpipe-stack up kafka kinesis} starts them. Never stops anything.
 */
final class LocalStack {
  private LocalStack() {}

  static void up() {
    System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "000000000000"));
    System.setProperty(
        "aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "dummy-local-mock"));
    if (answers(kafkaPort()) && answers(kinesisPort())) {
      return;
    }
    upAsAUserWould("kafka", "kinesis");
  }

  /**
   * {@code bin/pinpipe-stack up <servers>} even when they answer: what a user runs first, which
   * also creates what is missing of the default topics, streams and buckets.
   */
  static void upAsAUserWould(String... servers) {
    System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "000000000000"));
    System.setProperty(
        "aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "dummy-local-mock"));
    io.pinpipe.pipelines.LocalStack.up(servers);
  }

  /**
   * The stack brought up as {@link #up()} does, and an Ingest API on it that accepts {@code key}.
   */
  static IngestApi startApi(String key) throws Exception {
    up();
    return IngestApi.start(options(key));
  }

  /** Ingest API options for the stack's Kafka and kinesis-mock, accepting {@code key}. */
  static IngestOptions options(String key) {
    return IngestOptions.forLocal(kafkaBootstrap(), kinesisEndpoint(), ApiKeys.of(List.of(key)));
  }

  static Path root() {
    return io.pinpipe.pipelines.LocalStack.root();
  }

  static String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort();
  }

  static java.net.URI kinesisEndpoint() {
    return java.net.URI.create("http://127.0.0.1:" + kinesisPort());
  }

  private static int kafkaPort() {
    return Integer.parseInt(env("PINPIPE_KAFKA_PORT", "19092"));
  }

  private static int kinesisPort() {
    return Integer.parseInt(env("PINPIPE_KINESIS_PORT", "4568"));
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
