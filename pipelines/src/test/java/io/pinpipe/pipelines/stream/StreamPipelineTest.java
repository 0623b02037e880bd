package io.pinpipe.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.pinpipe.pipelines.io.KinesisTableSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream} from a real Kafka broker and from kinesis-local, on the DirectRunner: posting events with re-posts and
 * malformed records become windowed curated rows equal to what the batch {@code clean} makes of the
 * same rows (the golden output), each once, and dead letters; curated + dead letters reconcile
 * with what was produced.
 */
class StreamPipelineTest {
  private static final int ROWS = 100;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka", "kinesis");
  }

  /** Puts one event payload on a table's topic or stream. */
  interface Sender extends AutoCloseable {
    void send(Table table, String payload) throws Exception;

    @Override
    void close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kafka", "kinesis"})
  void eventsBecomeWindowedCuratedRowsEqualToTheBatchOutputAndDeadLetters(String source) throws Exception {
    String prefix = "sp-" + UUID.randomUUID().toString().substring(0, 8);
    int produced = 0;
    try (Sender sender = source.equals("kafka") ? kafka(prefix) : kinesis(prefix)) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id()).subList(0, ROWS);
        for (int i = 0; i < rows.size(); i++) {
          sender.send(table, rows.get(i));
          produced++;
          if (i % 10 == 0) {
            sender.send(table, rows.get(i)); // re-post
            produced++;
          }
        }
      }
      sender.send(Table.USER, "{\"ind\": 1, \"first_name\": \"A\"}");
      sender.send(Table.USER, "not json");
      produced += 2;
    }

    Path out = work.resolve("lake");
    List<String> args = new ArrayList<>(List.of(
        "--runner=DirectRunner", "--source=" + source, "--topicPrefix=" + prefix,
        "--output=" + out, "--outputFormat=jsonl", "--numShards=2", "--window=2s", "--maxDelay=1s"));
    if (source.equals("kafka")) {
      args.addAll(List.of("--kafkaBootstrap=" + LocalStack.kafkaBootstrap(), "--consumerGroup=" + prefix));
    } else {
      args.addAll(List.of("--kinesisEndpoint=" + LocalStack.kinesisEndpoint(), "--awsRegion=us-east-1",
          "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"000000000000\",\"secretAccessKey\":\"local\"}"));
    }
    StreamPipeline.Options options = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(StreamPipeline.Options.class);
    options.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.buildPipeline(pipeline, options);
    PipelineResult result = pipeline.run();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline
          && (lines(out.resolve("curated-stream")).size() < 3 * ROWS || lines(out.resolve("dead-letter")).size() < 2)) {
        Thread.sleep(500);
      }
      Thread.sleep(3_000); // anything more that would (wrongly) arrive
    } finally {
      result.cancel();
    }

    for (Table table : Table.values()) {
      List<String> curated = lines(out.resolve("curated-stream").resolve(table.id()));
      assertEquals(ROWS, curated.size(), table + ": each row once across all windows and panes");
      assertEquals(new TreeSet<>(golden(table).subList(0, ROWS)), new TreeSet<>(curated), table + ": same rows as the batch layer");
    }
    List<String> deadLetters = lines(out.resolve("dead-letter"));
    assertEquals(2, deadLetters.size());
    String expectedSource = source.equals("kafka") ? "\"source\":\"kafka:" + prefix + ".user/0/"
        : "\"source\":\"kinesis:streaming-" + prefix + "-user/";
    assertTrue(deadLetters.stream().allMatch(d -> d.contains(expectedSource)), deadLetters.toString());
    assertEquals(produced, 3 * ROWS + 30 + deadLetters.size(), "produced = distinct curated + re-posts + dead letters");
    try (Stream<Path> files = Files.walk(out.resolve("curated-stream"))) {
      assertTrue(files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString())
          .allMatch(n -> n.matches("curated-stream/(pin|geo|user)/window-\\d{8}T\\d{6}Z-\\d{8}T\\d{6}Z/pane-\\d{3}-part-0000[01]-of-00002\\.jsonl")),
          "window + pane + shard names");
    }
  }

  private static List<String> lines(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jsonl")
          && !p.getFileName().toString().startsWith(".")).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private static List<String> golden(Table table) throws Exception {
    try (InputStream in = StreamPipelineTest.class.getResourceAsStream("/io/pinpipe/testdata/golden/curated-" + table.id() + ".jsonl")) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  private static Sender kafka(String prefix) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(prefix + ".pin", 2, (short) 1), new NewTopic(prefix + ".geo", 1, (short) 1),
          new NewTopic(prefix + ".user", 1, (short) 1))).all().get();
    }
    KafkaProducer<String, String> producer = producer();
    return new Sender() {
      @Override
      public void send(Table table, String payload) throws Exception {
        producer.send(new ProducerRecord<>(prefix + "." + table.id(), payload)).get();
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  private static Sender kinesis(String prefix) throws Exception {
    KinesisClient kinesis = KinesisClient.builder()
        .endpointOverride(java.net.URI.create(LocalStack.kinesisEndpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "local")))
        .build();
    for (Table table : Table.values()) {
      kinesis.createStream(b -> b.streamName(KinesisTableSource.streamName(prefix, table)).shardCount(table == Table.PIN ? 2 : 1));
    }
    for (Table table : Table.values()) {
      String stream = KinesisTableSource.streamName(prefix, table);
      for (long deadline = System.currentTimeMillis() + 30_000;
          kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE; ) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(stream + " did not become ACTIVE");
        }
        Thread.sleep(100);
      }
    }
    int[] key = {0};
    return new Sender() {
      @Override
      public void send(Table table, String payload) {
        kinesis.putRecord(b -> b.streamName(KinesisTableSource.streamName(prefix, table))
            .partitionKey(String.valueOf(key[0]++)).data(SdkBytes.fromUtf8String(payload)));
      }

      @Override
      public void close() {
        kinesis.close();
      }
    };
  }

  private static KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }
}
