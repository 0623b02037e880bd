package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming Spark reference ({@code SparkReference stream}, the yardstick of {@code
 * bin/pinpipe-bench stream} and {@code catchup}) reconciles with its input: a small backlog on
 * 2-partition topics (every 20th real row, every fifth of those re-posted, the malformed corpus in
 * the middle), worked off with {@code --trigger=available-now}, gives each golden row of the sent
 * real rows once and each malformed record as a dead letter with its Kafka source, in the layout
 * the bench's watcher reads ({@code curated-stream/<table>/window-*}/*.jsonl, nothing hidden left
 * visible).
 */
class SparkStreamReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVERY_NTH_REAL_ROW = 20;
  private static final int REPOSTS_EVERY = 5;
  private static final List<String> TABLES = List.of("pin", "geo", "user");

  @TempDir static Path work;
  static String bootstrap;
  static String prefix;
  static Path out;
  static Map<String, List<String>> expectedCurated = new HashMap<>();
  static Map<String, List<MalformedCorpus.Case>> malformed = new HashMap<>();
  static List<String> log;

  @BeforeAll
  static void streamABacklog() throws Exception {
    LocalStack.up("kafka");
    bootstrap = LocalStack.kafkaBootstrap();
    prefix = "spark-ref-stream-" + System.currentTimeMillis();
    BenchTopics.create(bootstrap, prefix, 2);
    try (KafkaProducer<String, String> producer = LocalStack.stringProducer(bootstrap)) {
      for (String table : TABLES) {
        List<String> real = RealRows.lines(table);
        List<String> golden = GoldenRows.inRowOrder(table);
        List<String> rows = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < real.size(); i += EVERY_NTH_REAL_ROW) {
          rows.add(real.get(i));
          expected.add(golden.get(i));
        }
        int sent = rows.size();
        for (int i = 0; i < sent; i += REPOSTS_EVERY) {
          rows.add(rows.get(i));
        }
        List<MalformedCorpus.Case> cases =
            MalformedCorpus.cases().stream()
                .filter(c -> c.table().equals(table))
                // As SparkReferenceTest: the batch reference reads lines; keep the two inputs
                // alike.
                .filter(c -> !c.payload().contains("\n"))
                // Kafka's default 1 MB record limit: the 10 MB case cannot be a Kafka record.
                .filter(c -> c.payload().getBytes(StandardCharsets.UTF_8).length < 1_000_000)
                .collect(Collectors.toList());
        rows.addAll(
            rows.size() / 2,
            cases.stream().map(MalformedCorpus.Case::payload).collect(Collectors.toList()));
        for (String row : rows) {
          // Waited for: a record Kafka refuses must fail the set-up, not go missing.
          producer.send(new ProducerRecord<>(prefix + "." + table, row)).get();
        }
        expected.sort(null);
        expectedCurated.put(table, expected);
        malformed.put(table, cases);
      }
      producer.flush();
    }
    out = work.resolve("out");
    log =
        SparkReferenceJob.run(
            work.resolve("logs/stream.log"),
            "stream",
            "--kafkaBootstrap=" + bootstrap,
            "--topicPrefix=" + prefix,
            "--output=" + out,
            "--cores=2",
            "--trigger=available-now");
  }

  @AfterAll
  static void deleteTopics() {
    if (prefix != null) {
      BenchTopics.delete(bootstrap, prefix);
    }
  }

  @Test
  void eachSentRealRowIsCuratedOnceAsItsGoldenRow() throws Exception {
    for (String table : TABLES) {
      List<String> curated = lines(out.resolve("curated-stream").resolve(table));
      curated.sort(null);
      assertEquals(expectedCurated.get(table), curated, table);
    }
  }

  @Test
  void malformedRecordsAreDeadLettersWithTheirKafkaSource() throws Exception {
    for (String table : TABLES) {
      List<String> expected =
          malformed.get(table).stream()
              .filter(c -> !SparkReferenceTest.CURATED_BY_SPARK_ONLY.containsKey(c.toString()))
              .map(MalformedCorpus.Case::payload)
              .sorted()
              .collect(Collectors.toList());
      List<String> payloads = new ArrayList<>();
      for (String line : lines(out.resolve("dead-letter").resolve(table))) {
        JsonNode d = JSON.readTree(line);
        assertEquals(table, d.get("table").asText(), line);
        assertEquals("spark-reference", d.get("pipeline").asText(), line);
        String source = d.get("source").asText();
        assertTrue(
            source.matches("kafka:" + prefix.replace("-", "\\-") + "\\." + table + "/[01]/\\d+"),
            source);
        payloads.add(d.get("payload").asText());
      }
      payloads.sort(null);
      // Never the lists themselves in the message: some payloads are 64 KiB of text.
      assertTrue(
          expected.equals(payloads),
          table + " dead letters: " + SparkReferenceTest.diff(expected, payloads));
    }
  }

  @Test
  void outputIsOnlyCompleteJsonLinesInWindowFolders() throws Exception {
    for (String kind : List.of("curated-stream", "dead-letter")) {
      for (String table : TABLES) {
        try (Stream<Path> files = Files.walk(out.resolve(kind).resolve(table))) {
          for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
            String folder = file.getParent().getFileName().toString();
            assertTrue(folder.matches("window-batch-\\d{8}"), file.toString());
            assertTrue(
                file.getFileName().toString().matches("part-\\d{5}-of-\\d{5}\\.jsonl"),
                file.toString());
          }
        }
      }
    }
    assertTrue(log.stream().anyMatch(l -> l.startsWith("Done in")), String.join("\n", log));
  }

  /** Every line of the visible JSON Lines files in the window folders below {@code dir}. */
  private static List<String> lines(Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().endsWith(".jsonl"))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .collect(Collectors.toList())) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }
}
