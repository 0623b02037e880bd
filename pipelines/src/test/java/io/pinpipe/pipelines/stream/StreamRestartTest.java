package io.pinpipe.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stream} stopped and started again over the same output, on the DirectRunner (which keeps
 * no state across runs): the restart replays the topics or streams, rewrites the windows already
 * written under the same names with the same rows, and adds the windows of events posted while it
 * was down. Nothing is duplicated and nothing is lost.
 */
class StreamRestartTest {
  private static final int FIRST = 40;
  private static final int SECOND = 30;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka", "kinesis");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kafka", "kinesis"})
  void restartRewritesWrittenWindowsIdenticallyAndAddsTheNewOnes(String source) throws Exception {
    String prefix = "sr-" + UUID.randomUUID().toString().substring(0, 8);
    Path out = work.resolve("lake");
    List<String> args =
        EventSenders.directStreamArgs(
            source, prefix, out, "--outputFormat=iceberg,jsonl", "--numShards=2");

    post(source, prefix, 0, FIRST, "{\"ind\": 1, \"first_name\": \"A\"}");
    LakeRows lake = LakeRows.embedded(out);
    runUntil(
        args,
        () ->
            curatedRows(out) >= 3 * FIRST
                && deadLetters(out).size() >= 1
                && speedRows(lake) >= 3 * FIRST);
    Map<String, TreeSet<String>> firstRun = filesAndRows(out);
    assertEquals(3 * FIRST, rowCount(firstRun), "first run: every posted row once");
    List<String> panesOfFirstRun = speedPanes(lake);

    post(source, prefix, FIRST, FIRST + SECOND, "not json");
    runUntil(
        args,
        () ->
            curatedRows(out) >= 3 * (FIRST + SECOND)
                && deadLetters(out).size() >= 2
                && speedRows(lake) >= 3 * (FIRST + SECOND));
    Map<String, TreeSet<String>> afterRestart = filesAndRows(out);

    for (Map.Entry<String, TreeSet<String>> file : firstRun.entrySet()) {
      assertEquals(
          file.getValue(),
          afterRestart.get(file.getKey()),
          file.getKey() + ": rewritten with the same rows");
    }
    for (Table table : Table.values()) {
      List<String> curated =
          OutputFiles.jsonLinesBelow(out.resolve("curated-stream").resolve(table.id()));
      assertEquals(FIRST + SECOND, curated.size(), table + ": each row once across both runs");
      assertEquals(
          new TreeSet<>(StreamPipelineTest.golden(table).subList(0, FIRST + SECOND)),
          new TreeSet<>(curated),
          table.id());
    }
    List<String> deadLetters = deadLetters(out);
    assertEquals(2, deadLetters.size(), "each dead letter once: " + deadLetters);
    assertTrue(
        afterRestart.size() > firstRun.size(), "the events posted while stopped made new windows");

    // The Iceberg tables: the replay met every pane of the first run in the history and committed
    // none again.
    List<String> panes = speedPanes(lake);
    assertEquals(new TreeSet<>(panes).size(), panes.size(), "no pane committed twice: " + panes);
    assertTrue(
        panes.containsAll(panesOfFirstRun), "the first run's panes are still in the history");
    assertTrue(panes.size() > panesOfFirstRun.size(), "the restart committed the new windows");
    for (Table table : Table.values()) {
      List<String> rows = lake.speedTable(table);
      assertEquals(
          FIRST + SECOND, rows.size(), table + " speed table: each row once across both runs");
      assertEquals(
          new TreeSet<>(StreamPipelineTest.golden(table).subList(0, FIRST + SECOND)),
          new TreeSet<>(rows),
          table.id());
    }
    List<String> deadLetterPanes = lake.deadLetterPanes();
    assertEquals(
        new TreeSet<>(deadLetterPanes).size(),
        deadLetterPanes.size(),
        "no dead-letter pane twice: " + deadLetterPanes);
    assertEquals(
        2,
        lake.deadLetters("stream", Table.USER).size(),
        "each dead letter once in the dead-letter table");
  }

  /** Rows in the three speed tables now (0 while they cannot be read yet). */
  static int speedRows(LakeRows lake) {
    int rows = 0;
    try {
      for (Table table : Table.values()) {
        rows += lake.speedTable(table).size();
      }
    } catch (RuntimeException notYet) {
      return 0;
    }
    return rows;
  }

  /** Every pane entry in the speed tables' snapshot histories, table by table, in commit order. */
  static List<String> speedPanes(LakeRows lake) {
    List<String> panes = new ArrayList<>();
    for (Table table : Table.values()) {
      lake.speedPanes(table).forEach(p -> panes.add(table.id() + ":" + p));
    }
    return panes;
  }

  /** Posts rows [from, to) of every table, each tenth one twice, and one malformed record. */
  private static void post(String source, String prefix, int from, int to, String malformedUser)
      throws Exception {
    try (EventSenders.Sender sender = EventSenders.open(source, prefix)) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id()).subList(from, to);
        for (int i = 0; i < rows.size(); i++) {
          sender.send(table, rows.get(i));
          if (i % 10 == 0) {
            sender.send(table, rows.get(i));
          }
        }
      }
      sender.send(Table.USER, malformedUser);
    }
  }

  /**
   * Runs {@code stream} until {@code done} holds (plus a grace period for anything extra), then
   * cancels it.
   */
  private static void runUntil(List<String> args, BooleanSupplier done) throws Exception {
    StreamRuns.runUntil(args, Duration.ofSeconds(120), done, Duration.ofSeconds(3));
  }

  private static int curatedRows(Path out) {
    return OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).size();
  }

  private static List<String> deadLetters(Path out) {
    return OutputFiles.jsonLinesBelow(out.resolve("dead-letter"));
  }

  private static int rowCount(Map<String, TreeSet<String>> files) {
    return files.values().stream().mapToInt(TreeSet::size).sum();
  }

  /**
   * Every curated JSON Lines file (relative name) with its rows; row order inside a shard is not
   * fixed.
   */
  static Map<String, TreeSet<String>> filesAndRows(Path out) throws Exception {
    Map<String, TreeSet<String>> files = new TreeMap<>();
    for (Path file : OutputFiles.jsonlFilesBelow(out.resolve("curated-stream"))) {
      files.put(
          out.relativize(file).toString(),
          new TreeSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
    }
    return files;
  }
}
