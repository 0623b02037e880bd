package io.pinpipe.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stream} from a real Kafka broker and from kinesis-local, on the DirectRunner: posting
 * events with re-posts and malformed records become windowed curated rows equal to what the batch
 * {@code clean} makes of the same rows (the golden output), each once, and dead letters; curated +
 * dead letters reconcile with what was produced.
 */
class StreamPipelineTest {
  private static final int ROWS = 100;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka", "kinesis");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kafka", "kinesis"})
  void eventsBecomeWindowedCuratedRowsEqualToTheBatchOutputAndDeadLetters(String source)
      throws Exception {
    String prefix = "sp-" + UUID.randomUUID().toString().substring(0, 8);
    int produced = 0;
    try (EventSenders.Sender sender = EventSenders.open(source, prefix)) {
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
    List<String> args =
        EventSenders.directStreamArgs(
            source, prefix, out, "--outputFormat=iceberg,jsonl", "--numShards=2");
    LakeRows lake = LakeRows.embedded(out);
    StreamRuns.runUntil(
        args,
        Duration.ofSeconds(120),
        () ->
            OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size() >= 3 * ROWS
                && OutputFiles.jsonLinesBelow(out.resolve("dead-letter")).size() >= 2
                && speedRows(lake) >= 3 * ROWS
                && lake.deadLetters("stream", Table.USER).size() >= 2,
        Duration.ofSeconds(3));

    for (Table table : Table.values()) {
      List<String> curated =
          OutputFiles.jsonLinesBelow(out.resolve("curated-stream").resolve(table.id()));
      assertEquals(ROWS, curated.size(), table + ": each row once across all windows and panes");
      assertEquals(
          new TreeSet<>(golden(table).subList(0, ROWS)),
          new TreeSet<>(curated),
          table + ": same rows as the batch layer");
      List<String> speed = lake.speedTable(table);
      assertEquals(ROWS, speed.size(), table + ": each row once in the speed table");
      assertEquals(
          new TreeSet<>(curated),
          new TreeSet<>(speed),
          table + ": the speed table holds the exported rows");
      List<String> panes = lake.speedPanes(table);
      assertEquals(
          new TreeSet<>(panes).size(), panes.size(), table + ": no pane committed twice " + panes);
      String position =
          source.equals("kafka")
              ? "pinpipe.input-offset." + prefix + "." + table.id() + "/0"
              : "pinpipe.input-sequence.streaming-" + prefix + "-" + table.id() + "/";
      for (Map<String, String> summary : lake.speedSummaries(table)) {
        assertTrue(
            summary.containsKey("pinpipe.window-start")
                && summary.containsKey("pinpipe.window-end"),
            summary.toString());
        assertTrue(
            summary.keySet().stream().anyMatch(k -> k.startsWith(position)),
            table + ": pane summary names the source positions " + summary);
      }
    }
    assertEquals(
        new TreeSet<>(OutputFiles.jsonLinesBelow(out.resolve("dead-letter"))),
        new TreeSet<>(lake.deadLetters("stream", Table.USER)),
        "the dead-letter table holds the stream's dead letters");
    List<String> deadLetters = OutputFiles.jsonLinesBelow(out.resolve("dead-letter"));
    assertEquals(2, deadLetters.size());
    String expectedSource =
        source.equals("kafka")
            ? "\"source\":\"kafka:" + prefix + ".user/0/"
            : "\"source\":\"kinesis:streaming-" + prefix + "-user/";
    assertTrue(
        deadLetters.stream().allMatch(d -> d.contains(expectedSource)), deadLetters.toString());
    assertEquals(
        produced,
        3 * ROWS + 30 + deadLetters.size(),
        "produced = distinct curated + re-posts + dead letters");
    try (Stream<Path> files = Files.walk(out.resolve("curated-stream"))) {
      assertTrue(
          files
              .filter(Files::isRegularFile)
              .map(p -> out.relativize(p).toString())
              .allMatch(
                  n ->
                      n.matches(
                          "curated-stream/(pin|geo|user)/window-\\d{8}T\\d{6}Z-\\d{8}T\\d{6}Z/pane-\\d{3}-part-0000[01]-of-00002\\.jsonl")),
          "window + pane + shard names");
    }
  }

  private static int speedRows(LakeRows lake) {
    int rows = 0;
    for (Table table : Table.values()) {
      rows += lake.speedTable(table).size();
    }
    return rows;
  }

  static List<String> golden(Table table) throws Exception {
    return GoldenRows.inRowOrder(table.id());
  }
}
