package io.pinpipe.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.testdata.SourceDatabases;
import io.pinpipe.transforms.model.Table;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code emulate} against real servers: the real rows in MariaDB (the RDS stand-in), posted
 * straight to Kafka and to kinesis-local. Every event's three rows arrive once, with the same key,
 * as the JSON of the database row with datetimes as text; a seed gives the same events again.
 * (Kafka keeps the order of one partition; concurrent Kinesis PutRecords may land in any order.)
 */
class PostingEmulatorTest {
  private static final String DATABASE = "pinpipe_emulate_it";
  private static final String SERVER =
      System.getenv().getOrDefault("PINPIPE_IT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void sourceTablesAndServers() throws Exception {
    LocalStack.up("kafka", "kinesis");
    SourceDatabases.withRealRows(SERVER, DATABASE);
  }

  private static PostingEmulator.Options options(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--jdbcUrl=" + SERVER + DATABASE, "--jdbcUser=root"));
    args.addAll(List.of(extra));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(PostingEmulator.Options.class);
  }

  @Test
  void kafkaGetsEveryRowOfEveryEventOnceAndTheSeedRepeatsTheEvents() throws Exception {
    String prefix = "em-" + UUID.randomUUID().toString().substring(0, 8);
    createTopics(prefix);
    long start = System.nanoTime();
    PostingEmulator.Summary summary =
        PostingEmulator.run(
            options(
                "--target=kafka",
                "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
                "--topicPrefix=" + prefix,
                "--rate=50/s",
                "--limit=30",
                "--seed=7"),
            quiet());
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(new PostingEmulator.Summary(30, 90, 0, summary.seconds(), null), summary);
    assertTrue(seconds >= 29 / 50.0, "paced at 50 events/s, not faster: " + seconds + " s");

    Map<Table, List<JsonNode>> received = readKafka(prefix, 30);
    List<Long> keys = keys(received.get(Table.PIN), "index");
    assertEquals(keys, keys(received.get(Table.GEO), "ind"), "geo row i has the key of pin row i");
    assertEquals(
        keys, keys(received.get(Table.USER), "ind"), "user row i has the key of pin row i");
    assertTrue(keys.stream().distinct().count() > 20, "random keys: " + keys);
    for (JsonNode geo : received.get(Table.GEO)) {
      assertTrue(
          geo.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"),
          geo.toString());
    }
    for (JsonNode user : received.get(Table.USER)) {
      assertTrue(
          user.get("date_joined").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"),
          user.toString());
    }

    String again = "em-" + UUID.randomUUID().toString().substring(0, 8);
    createTopics(again);
    PostingEmulator.run(
        options(
            "--target=kafka",
            "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
            "--topicPrefix=" + again,
            "--rate=1000/s",
            "--limit=30",
            "--seed=7"),
        quiet());
    Map<Table, List<JsonNode>> repeated = readKafka(again, 30);
    assertEquals(received, repeated, "the same seed posts the same rows in the same order");

    String other = "em-" + UUID.randomUUID().toString().substring(0, 8);
    createTopics(other);
    PostingEmulator.run(
        options(
            "--target=kafka",
            "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
            "--topicPrefix=" + other,
            "--rate=1000/s",
            "--limit=30",
            "--seed=8"),
        quiet());
    assertNotEquals(
        keys, keys(readKafka(other, 30).get(Table.PIN), "index"), "another seed, other events");
  }

  @Test
  void kinesisGetsTheSameEventsForTheSameSeed() throws Exception {
    String prefix = "em-" + UUID.randomUUID().toString().substring(0, 8);
    try (KinesisClient kinesis = LocalStack.kinesisClient()) {
      LocalStack.createStreams(kinesis, prefix, 1);
      PostingEmulator.Summary summary =
          PostingEmulator.run(
              options(
                  "--target=kinesis",
                  "--kinesisEndpoint=" + LocalStack.kinesisEndpoint(),
                  "--awsRegion=us-east-1",
                  "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"000000000000\",\"secretAccessKey\":\"local\"}",
                  "--topicPrefix=" + prefix,
                  "--rate=100/s",
                  "--limit=10",
                  "--seed=7"),
              quiet());
      assertEquals(30, summary.acknowledgedRows());
      List<JsonNode> pins = readKinesis(kinesis, Table.PIN.stream(prefix));
      List<JsonNode> users = readKinesis(kinesis, Table.USER.stream(prefix));
      assertEquals(10, pins.size());
      // Concurrent PutRecords may land in any order: compare as multisets.
      assertEquals(
          sorted(keys(pins, "index")),
          sorted(keys(users, "ind")),
          "each event's pin and user rows");

      String kafkaPrefix = "em-" + UUID.randomUUID().toString().substring(0, 8);
      createTopics(kafkaPrefix);
      PostingEmulator.run(
          options(
              "--target=kafka",
              "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
              "--topicPrefix=" + kafkaPrefix,
              "--rate=1000/s",
              "--limit=10",
              "--seed=7"),
          quiet());
      assertEquals(
          sorted(readKafka(kafkaPrefix, 10).get(Table.PIN)),
          sorted(pins),
          "Kinesis and Kafka get the same events for one seed");
    }
  }

  @Test
  void kafkaClientSettingsFromThePropertiesFileReachTheProducer(@TempDir Path work)
      throws Exception {
    // A setting every record breaks shows the file is applied; TLS/SASL settings travel the same
    // way.
    Path settings = Files.writeString(work.resolve("kafka.properties"), "max.request.size=10\n");
    String prefix = "em-" + UUID.randomUUID().toString().substring(0, 8);
    createTopics(prefix);
    PostingEmulator.Summary summary =
        PostingEmulator.run(
            options(
                "--target=kafka",
                "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
                "--kafkaPropertiesFile=" + settings,
                "--topicPrefix=" + prefix,
                "--rate=1000/s",
                "--limit=2"),
            quiet());
    assertEquals(0, summary.acknowledgedRows());
    assertEquals(6, summary.failedRows());
    assertTrue(summary.firstError().contains("RecordTooLarge"), summary.firstError());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.execute(
            PostingEmulator.NAME,
            new String[] {
              "--jdbcUrl=" + SERVER + DATABASE,
              "--jdbcUser=root",
              "--limit=1",
              "--target=kafka",
              "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
              "--kafkaPropertiesFile=" + work.resolve("missing.properties")
            },
            PostingEmulator.Options.class,
            o -> PostingEmulator.run(o, quiet()),
            quiet(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Cli.BAD_OPTIONS, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--kafkaPropertiesFile"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badOptionsNameTheOption() {
    assertBadOption("--target=ftp", "--target");
    assertBadOption("--rate=fast", "--rate");
    assertBadOption("--rate=0/s", "--rate");
    assertBadOption("--limit=-1", "--limit");
    assertBadOption("--apiRoutes=smtp", "--apiRoutes");
    assertBadOption("--target=kafka", "--kafkaBootstrap");
  }

  @Test
  void anUnreachableDatabaseIsAClearErrorNamingTheUrl() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.execute(
            PostingEmulator.NAME,
            new String[] {
              "--jdbcUrl=jdbc:mariadb://127.0.0.1:1/none",
              "--target=kafka",
              "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
              "--limit=1"
            },
            PostingEmulator.Options.class,
            o -> PostingEmulator.run(o, quiet()),
            quiet(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Cli.BAD_OPTIONS, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--jdbcUrl"),
        err.toString(StandardCharsets.UTF_8));
  }

  private static void assertBadOption(String arg, String named) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.execute(
            PostingEmulator.NAME,
            new String[] {"--jdbcUrl=" + SERVER + DATABASE, "--jdbcUser=root", arg},
            PostingEmulator.Options.class,
            o -> PostingEmulator.run(o, quiet()),
            quiet(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(Cli.BAD_OPTIONS, code, arg + ": " + message);
    assertTrue(message.contains(named), arg + " should name " + named + ": " + message);
  }

  private static <T> List<String> sorted(List<T> values) {
    return values.stream().map(String::valueOf).sorted().collect(Collectors.toList());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static List<Long> keys(List<JsonNode> rows, String column) {
    return rows.stream().map(r -> r.get(column).asLong()).collect(Collectors.toList());
  }

  private static void createTopics(String prefix) throws Exception {
    LocalStack.createTopics(LocalStack.kafkaBootstrap(), prefix, 1);
  }

  /**
   * Everything on the three one-partition topics, in offset order; fails if more than {@code
   * expected} arrive.
   */
  private static Map<Table, List<JsonNode>> readKafka(String prefix, int expected)
      throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<Table, List<JsonNode>> rows = new java.util.EnumMap<>(Table.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      for (Table table : Table.values()) {
        TopicPartition partition = new TopicPartition(prefix + "." + table.id(), 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        List<JsonNode> values = new ArrayList<>();
        while (consumer.position(partition) < end) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
            values.add(JSON.readTree(record.value()));
          }
        }
        assertEquals(expected, values.size(), prefix + "." + table.id() + ": one record per event");
        rows.put(table, values);
      }
    }
    return rows;
  }

  private static List<JsonNode> readKinesis(KinesisClient kinesis, String stream) throws Exception {
    String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
    String iterator =
        kinesis
            .getShardIterator(
                b ->
                    b.streamName(stream)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    List<JsonNode> rows = new ArrayList<>();
    for (int empty = 0; empty < 3 && iterator != null; ) {
      String current = iterator;
      var response = kinesis.getRecords(b -> b.shardIterator(current));
      for (Record record : response.records()) {
        rows.add(JSON.readTree(record.data().asUtf8String()));
      }
      empty = response.records().isEmpty() ? empty + 1 : 0;
      iterator = response.nextShardIterator();
    }
    return rows;
  }
}
