package io.pinpipe.pipelines;

import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

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
    up(java.util.Map.of(), servers);
  }

  /**
   * {@link #up(String...)} with extra environment variables for the script
   * (PINPIPE_KAFKA_PARTITIONS ...).
   */
  public static void up(java.util.Map<String, String> environment, String... servers) {
    stack(environment, "up", servers);
  }

  /**
   * Runs {@code bin/pinpipe-stack <verb> <servers>} with extra environment variables (a private
   * stack's PINPIPE_STACK_DIR and ports, for tests that break their servers); fails with the
   * script's output when it fails.
   */
  public static void stack(
      java.util.Map<String, String> environment, String verb, String... servers) {
    List<String> args = new ArrayList<>(List.of(verb));
    args.addAll(List.of(servers));
    Result result = run(environment, args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "bin/pinpipe-stack " + String.join(" ", args) + " failed:\n" + result.output());
    }
  }

  /** What a {@code bin/pinpipe-stack} command said and how it ended. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code bin/pinpipe-stack} with {@code args}; its output is kept, not printed (a forked
   * test JVM must not write to its own stdout).
   */
  public static Result run(java.util.Map<String, String> environment, List<String> args) {
    List<String> command = new ArrayList<>(List.of(root().resolve("bin/pinpipe-stack").toString()));
    command.addAll(args);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process process = builder.start();
      String output =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command + "\n" + output);
      }
      return new Result(process.exitValue(), output);
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
    return "127.0.0.1:" + env("PINPIPE_KAFKA_PORT", "19092");
  }

  /**
   * Creates the topics of the three tables under {@code prefix} on {@code bootstrap} that do not
   * exist yet: pin's with {@code pinPartitions} partitions, geo's and user's with one.
   */
  public static void createTopics(String bootstrap, String prefix, int pinPartitions)
      throws Exception {
    try (Admin admin =
        Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> topics = new ArrayList<>();
      for (Table table : Table.values()) {
        int partitions = table == Table.PIN ? pinPartitions : 1;
        if (!existing.contains(table.topic(prefix))) {
          topics.add(new NewTopic(table.topic(prefix), partitions, (short) 1));
        }
      }
      admin.createTopics(topics).all().get();
    }
  }

  /** The stack's Kinesis endpoint (kinesis-mock, plain HTTP). */
  /** A producer of string keys and values to {@code bootstrap}, acknowledged by all replicas. */
  public static KafkaProducer<String, String> stringProducer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  public static String kinesisEndpoint() {
    return "http://127.0.0.1:" + env("PINPIPE_KINESIS_PORT", "4568");
  }

  /** The stack's S3 endpoint (S3Proxy). */
  public static String s3Endpoint() {
    return "http://127.0.0.1:" + env("PINPIPE_S3_PORT", "19000");
  }

  /** Beam options that point the S3 filesystem at the stack's S3Proxy (dummy local credentials). */
  public static java.util.List<String> s3Options() {
    return java.util.List.of(
        "--awsRegion=us-east-1",
        "--endpoint=" + s3Endpoint(),
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
            + env("PINPIPE_S3_ACCESS_KEY", "local-identity")
            + "\",\"secretAccessKey\":\""
            + env("PINPIPE_S3_SECRET_KEY", "local-credential")
            + "\"}",
        "--s3ClientFactoryClass=io.pinpipe.pipelines.io.PathStyleS3ClientBuilderFactory");
  }

  /** An S3 client for the stack's S3Proxy, for test set-up and checks. */
  public static software.amazon.awssdk.services.s3.S3Client s3Client() {
    return software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(java.net.URI.create(s3Endpoint()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    env("PINPIPE_S3_ACCESS_KEY", "local-identity"),
                    env("PINPIPE_S3_SECRET_KEY", "local-credential"))))
        .build();
  }

  /**
   * Creates the streams of the three tables under {@code prefix} that do not exist yet (pin's with
   * {@code pinShards} shards, geo's and user's with one) and waits until every one is ACTIVE.
   */
  public static void createStreams(KinesisClient kinesis, String prefix, int pinShards)
      throws InterruptedException {
    Set<String> existing = new HashSet<>(kinesis.listStreams().streamNames());
    for (Table table : Table.values()) {
      if (!existing.contains(table.stream(prefix))) {
        kinesis.createStream(
            b -> b.streamName(table.stream(prefix)).shardCount(table == Table.PIN ? pinShards : 1));
      }
    }
    for (Table table : Table.values()) {
      String stream = table.stream(prefix);
      for (long deadline = System.currentTimeMillis() + 30_000;
          kinesis
                  .describeStreamSummary(b -> b.streamName(stream))
                  .streamDescriptionSummary()
                  .streamStatus()
              != StreamStatus.ACTIVE; ) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(stream + " did not become ACTIVE");
        }
        Thread.sleep(100);
      }
    }
  }

  /** A Kinesis client for the stack's kinesis-mock (dummy local credentials). */
  public static KinesisClient kinesisClient() {
    return KinesisClient.builder()
        .endpointOverride(java.net.URI.create(kinesisEndpoint()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    "000000000000", "local")))
        .build();
  }

  /** The stack's Iceberg REST catalog (bin/pinpipe-stack up iceberg). */
  public static String icebergUri() {
    return "http://127.0.0.1:" + env("PINPIPE_ICEBERG_PORT", "19120");
  }

  /** The PostgreSQL database that holds the REST catalog's JDBC backend (iceberg_tables ...). */
  public static String icebergDatabase() {
    return env("PINPIPE_ICEBERG_DB", "iceberg_catalog");
  }

  /**
   * What an Iceberg client needs to use the stack's REST catalog: its URI, and S3FileIO pointed at
   * S3Proxy (path-style, the dummy local keys) to write and read the data files itself.
   */
  public static java.util.Map<String, String> icebergClientProperties() {
    return java.util.Map.of(
        "uri",
        icebergUri(),
        "warehouse",
        "s3://warehouse/",
        "io-impl",
        "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint",
        s3Endpoint(),
        "s3.path-style-access",
        "true",
        "client.region",
        "us-east-1",
        "s3.access-key-id",
        env("PINPIPE_S3_ACCESS_KEY", "local-identity"),
        "s3.secret-access-key",
        env("PINPIPE_S3_SECRET_KEY", "local-credential"));
  }

  /** JDBC URL of a database on the stack's PostgreSQL (user: {@link #postgresUser()}). */
  public static String postgresJdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + env("PINPIPE_POSTGRES_PORT", "5432") + "/" + database;
  }

  public static String postgresUser() {
    return env("PINPIPE_POSTGRES_USER", "postgres");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
