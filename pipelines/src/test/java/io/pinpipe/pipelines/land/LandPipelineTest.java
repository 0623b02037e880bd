package io.pinpipe.pipelines.land;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code land} on a real Kafka broker (started by bin/pinpipe-stack): object names and contents
 * follow the offsets (wire-formats.md §4), a re-run changes nothing, new records become new objects
 * only, and {@code land} then {@code clean} is the batch layer, over a local folder and over S3
 * (S3Proxy) alike.
 */
class LandPipelineTest {
  private static final int PER_OBJECT = 100;

  @TempDir Path work;

  /** What was produced: topic/partition → offset → value. */
  private final Map<String, TreeMap<Long, byte[]>> produced = new TreeMap<>();

  private String prefix;

  @BeforeAll
  static void kafka() {
    LocalStack.up("kafka", "s3");
  }

  @Test
  void landsByOffsetRerunsChangeNothingAndNewRecordsBecomeNewObjects() throws Exception {
    prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
    LocalStack.createTopics(LocalStack.kafkaBootstrap(), prefix, 2);
    List<byte[]> malformed =
        List.of(
            "{\"index\": 5, \"unique_id\": \"x\", \"category\": \"art\", \"follower_count\": \"lots\"}"
                .getBytes(StandardCharsets.UTF_8),
            "not json at all".getBytes(StandardCharsets.UTF_8),
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id()).subList(0, 250);
        for (int i = 0; i < rows.size(); i++) {
          send(producer, table, i % 2, rows.get(i).getBytes(StandardCharsets.UTF_8));
          if (i % 10 == 0) {
            send(
                producer,
                table,
                (i + 1) % 2,
                rows.get(i).getBytes(StandardCharsets.UTF_8)); // re-post
          }
        }
      }
      for (byte[] value : malformed) {
        send(producer, Table.PIN, 0, value);
      }
    }

    Path landing = work.resolve("landing");
    LandPipeline.Result first = land(landing);
    long producedCount = produced.values().stream().mapToLong(Map::size).sum();
    assertEquals(producedCount, first.recordsLanded);
    assertEquals(2, first.notJsonObjects, "one value that is not JSON and one that is not UTF-8");
    assertObjectsFollowOffsets(landing);

    Map<Path, FileTime> before = modificationTimes(landing);
    LandPipeline.Result again = land(landing);
    assertEquals(0, again.recordsLanded);
    assertEquals(before, modificationTimes(landing), "a re-run with nothing new rewrites nothing");

    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (String row : RealRows.lines("pin").subList(250, 310)) {
        send(producer, Table.PIN, 0, row.getBytes(StandardCharsets.UTF_8));
      }
    }
    LandPipeline.Result more = land(landing);
    assertEquals(60, more.recordsLanded);
    Map<Path, FileTime> after = modificationTimes(landing);
    before.forEach(
        (file, time) -> assertEquals(time, after.get(file), "old object rewritten: " + file));
    assertObjectsFollowOffsets(landing);

    // The batch layer: land, then clean from the landing zone.
    RunReport report =
        CleanPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--runner=DirectRunner",
                    "--input=" + landing,
                    "--topicPrefix=" + prefix,
                    "--output=" + work.resolve("lake"),
                    "--outputFormat=iceberg,jsonl")
                .as(CleanPipeline.Options.class));
    assertEquals(310, report.get(Table.PIN).curatedAfterDedup);
    assertEquals(250, report.get(Table.USER).curatedAfterDedup);
    assertEquals(3, report.get(Table.PIN).deadLettered);
    assertEquals(
        produced.get(prefix + ".pin/0").size() + produced.get(prefix + ".pin/1").size(),
        report.get(Table.PIN).read);
    assertEquals(3, OutputFiles.jsonLines(work.resolve("lake/dead-letter/pin")).size());
    assertEquals(3, LakeRows.embedded(work.resolve("lake")).deadLetters("clean", Table.PIN).size());

    // The same batch layer over S3 (S3Proxy): the same curated rows as over a local folder.
    String bucket = prefix;
    try (S3Client s3 = LocalStack.s3Client()) {
      s3.createBucket(b -> b.bucket(bucket));
      List<String> landArgs =
          new ArrayList<>(
              List.of(
                  "--runner=DirectRunner",
                  "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
                  "--topicPrefix=" + prefix,
                  "--output=s3://" + bucket + "/landing",
                  "--recordsPerObject=" + PER_OBJECT));
      landArgs.addAll(LocalStack.s3Options());
      LandPipeline.Result overS3 =
          LandPipeline.run(
              PipelineOptionsFactory.fromArgs(landArgs.toArray(new String[0]))
                  .as(LandPipeline.Options.class));
      assertEquals(producedCount + 60, overS3.recordsLanded);
      List<String> cleanArgs =
          new ArrayList<>(
              List.of(
                  "--runner=DirectRunner",
                  "--input=s3://" + bucket + "/landing",
                  "--topicPrefix=" + prefix,
                  "--output=s3://" + bucket + "/lake",
                  "--outputFormat=jsonl"));
      cleanArgs.addAll(LocalStack.s3Options());
      CleanPipeline.run(
          PipelineOptionsFactory.fromArgs(cleanArgs.toArray(new String[0]))
              .as(CleanPipeline.Options.class));
      for (Table table : Table.values()) {
        List<String> lines = new ArrayList<>();
        String tablePrefix = "lake/curated/" + table.id() + "/";
        for (S3Object object :
            s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(tablePrefix)).contents()) {
          if (object.key().endsWith(".jsonl")) {
            lines.addAll(
                List.of(
                    s3.getObjectAsBytes(g -> g.bucket(bucket).key(object.key()))
                        .asUtf8String()
                        .split("\n")));
          }
        }
        lines.sort(null);
        assertEquals(
            OutputFiles.jsonLines(work.resolve("lake/curated").resolve(table.id())),
            lines,
            table.id());
      }
    }
  }

  private LandPipeline.Result land(Path landing) {
    return LandPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
                "--topicPrefix=" + prefix,
                "--output=" + landing,
                "--recordsPerObject=" + PER_OBJECT)
            .as(LandPipeline.Options.class));
  }

  /** Every object: named after its first offset, holding the next offsets' values, one per line. */
  private void assertObjectsFollowOffsets(Path landing) throws Exception {
    for (Map.Entry<String, TreeMap<Long, byte[]>> partition : produced.entrySet()) {
      String topic = partition.getKey().split("/")[0];
      int p = Integer.parseInt(partition.getKey().split("/")[1]);
      Path dir = landing.resolve("topics").resolve(topic).resolve("partition=" + p);
      List<String> names = OutputFiles.names(dir);
      long offset = 0;
      List<String> expectedNames = new ArrayList<>();
      for (String name : names) {
        expectedNames.add(String.format("%s+%d+%010d.json", topic, p, offset));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] actual = Files.readAllBytes(dir.resolve(name));
        long lines = 0;
        for (byte b : actual) {
          lines += b == '\n' ? 1 : 0;
        }
        for (long o = offset; o < offset + lines; o++) {
          expected.write(partition.getValue().get(o));
          expected.write('\n');
        }
        assertArrayEquals(expected.toByteArray(), actual, name);
        offset += lines;
      }
      assertEquals(expectedNames, names);
      assertEquals(
          partition.getValue().size(),
          offset,
          "every offset of " + partition.getKey() + " landed once");
    }
  }

  private void send(
      KafkaProducer<byte[], byte[]> producer, Table table, int partition, byte[] value)
      throws Exception {
    String topic = prefix + "." + table.id();
    int p = table == Table.PIN ? partition : 0;
    RecordMetadata meta = producer.send(new ProducerRecord<>(topic, p, null, value)).get();
    produced.computeIfAbsent(topic + "/" + p, k -> new TreeMap<>()).put(meta.offset(), value);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static Map<Path, FileTime> modificationTimes(Path root) throws Exception {
    Map<Path, FileTime> times = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        times.put(file, Files.getLastModifiedTime(file));
      }
    }
    return times;
  }
}
