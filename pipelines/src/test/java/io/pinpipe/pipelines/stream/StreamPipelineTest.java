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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream} from a real Kafka broker on the DirectRunner: posting events with re-posts and
 * malformed records become windowed curated rows equal to what the batch {@code clean} makes of the
 * same rows (the golden output), each once, and dead letters; curated + dead letters reconcile
 * with what was produced.
 */
class StreamPipelineTest {
  private static final int ROWS = 100;

  @TempDir Path work;

  @BeforeAll
  static void kafka() {
    LocalStack.up("kafka");
  }

  @Test
  void eventsBecomeWindowedCuratedRowsEqualToTheBatchOutputAndDeadLetters() throws Exception {
    String prefix = "sp-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(prefix + ".pin", 2, (short) 1), new NewTopic(prefix + ".geo", 1, (short) 1),
          new NewTopic(prefix + ".user", 1, (short) 1))).all().get();
    }
    int produced = 0;
    try (KafkaProducer<String, String> producer = producer()) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id()).subList(0, ROWS);
        for (int i = 0; i < rows.size(); i++) {
          producer.send(new ProducerRecord<>(prefix + "." + table.id(), rows.get(i))).get();
          produced++;
          if (i % 10 == 0) {
            producer.send(new ProducerRecord<>(prefix + "." + table.id(), rows.get(i))).get(); // re-post
            produced++;
          }
        }
      }
      producer.send(new ProducerRecord<>(prefix + ".user", "{\"ind\": 1, \"first_name\": \"A\"}")).get();
      producer.send(new ProducerRecord<>(prefix + ".user", "not json")).get();
      produced += 2;
    }

    Path out = work.resolve("lake");
    StreamPipeline.Options options = PipelineOptionsFactory.fromArgs(
        "--runner=DirectRunner", "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(), "--topicPrefix=" + prefix,
        "--consumerGroup=" + prefix, "--output=" + out, "--outputFormat=jsonl", "--numShards=2",
        "--window=2s", "--maxDelay=1s").as(StreamPipeline.Options.class);
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
    assertTrue(deadLetters.stream().allMatch(d -> d.contains("\"source\":\"kafka:" + prefix + ".user/0/")), deadLetters.toString());
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

  private static KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }
}
