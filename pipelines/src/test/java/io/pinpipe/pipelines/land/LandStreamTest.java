package io.pinpipe.pipelines.land;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.testdata.RealRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code land --mode=stream} on a real broker: full objects are written when full, a partial one
 * when its first record is old enough; after a stop and restart the partial object is completed
 * under the same name, and every offset is in exactly one object, in order.
 */
class LandStreamTest {
  private static final int PER_OBJECT = 50;

  @TempDir Path work;

  @BeforeAll
  static void kafka() {
    LocalStack.up("kafka");
  }

  @Test
  void objectsAreWrittenWhenFullOrOldAndARestartCompletesThePartialObject() throws Exception {
    String prefix = "st-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = prefix + ".pin";
    LocalStack.createTopics(LocalStack.kafkaBootstrap(), prefix, 1);
    List<String> rows = RealRows.lines("pin").subList(0, 160);
    Path landing = work.resolve("landing");
    Path dir = landing.resolve("topics").resolve(topic).resolve("partition=0");

    produce(topic, rows.subList(0, 120));
    PipelineResult first = start(prefix, landing);
    try {
      awaitObjects(dir, Map.of(name(topic, 0), 50, name(topic, 50), 50, name(topic, 100), 20));
    } finally {
      first.cancel();
    }

    produce(topic, rows.subList(120, 160));
    PipelineResult second = start(prefix, landing);
    try {
      awaitObjects(
          dir,
          Map.of(
              name(topic, 0), 50, name(topic, 50), 50, name(topic, 100), 50, name(topic, 150), 10));
    } finally {
      second.cancel();
    }
    List<String> landed = new ArrayList<>();
    for (String object : OutputFiles.names(dir)) {
      landed.addAll(Files.readAllLines(dir.resolve(object), StandardCharsets.UTF_8));
    }
    assertEquals(rows, landed, "every offset once, in offset order");
  }

  private static String name(String topic, long start) {
    return String.format("%s+0+%010d.json", topic, start);
  }

  private static PipelineResult start(String prefix, Path landing) {
    LandPipeline.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--mode=stream",
                "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
                "--topicPrefix=" + prefix,
                "--output=" + landing,
                "--recordsPerObject=" + PER_OBJECT,
                "--maxObjectAge=1s")
            .as(LandPipeline.Options.class);
    options.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline pipeline = Pipeline.create(options);
    LandPipeline.buildPipeline(pipeline, options);
    return pipeline.run();
  }

  /** Waits (up to 90 s) until the folder holds exactly these objects with these line counts. */
  private static void awaitObjects(Path dir, Map<String, Integer> expected) throws Exception {
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (long deadline = System.currentTimeMillis() + 90_000;
        System.currentTimeMillis() < deadline;
        Thread.sleep(500)) {
      actual.clear();
      if (Files.isDirectory(dir)) {
        for (String object : OutputFiles.names(dir)) {
          actual.put(object, Files.readAllLines(dir.resolve(object)).size());
        }
      }
      if (actual.equals(expected)) {
        return;
      }
    }
    assertEquals(expected, actual);
  }

  private static void produce(String topic, List<String> values) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
      }
    }
  }
}
