package io.pinpipe.runners.direct.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.RealRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a steady input, then a restart, for the Kafka → landing job
 * ({@code land --mode=stream}) and the speed layer ({@code stream}), each a separate process of the
 * Direct jar on a Kafka broker of our own. Afterwards every produced record is in the output once:
 * the landing zone holds the very objects, byte for byte, that an uninterrupted batch landing of
 * the same topics writes; the curated windows hold every row once.
 */
class CrashRestartIT {
  private static final int ROWS_PER_TABLE = 300;
  private static final double RECORDS_PER_SECOND = 60;

  @TempDir Path work;

  /** A private Kafka broker, so what this class does to it never touches the shared one. */
  @RegisterExtension static final Extension KAFKA = PrivateStack.forTheClass("kafka");

  @Test
  @Timeout(300)
  void landingKilledMidStreamAndRestartedWritesTheSameObjectsAsAnUninterruptedRun()
      throws Exception {
    String prefix = "crash-land-" + UUID.randomUUID().toString().substring(0, 8);
    String bootstrap = PrivateStack.kafkaBootstrap();
    SteadyProducer.createTopics(bootstrap, prefix);
    List<SteadyProducer.Send> sends = interleaved(prefix, null);
    Path landing = work.resolve("landing");
    List<String> land =
        List.of(
            "land",
            "--mode=stream",
            "--kafkaBootstrap=" + bootstrap,
            "--topicPrefix=" + prefix,
            "--output=" + landing,
            "--recordsPerObject=100",
            "--maxObjectAge=1s");

    JarProcess first = null;
    JarProcess second = null;
    try (SteadyProducer producer = SteadyProducer.start(bootstrap, sends, RECORDS_PER_SECOND)) {
      first = JarProcess.start(work, "land-1", land);
      JarProcess running = first;
      await(
          120,
          () ->
              !OutputTree.files(landing, ".json").isEmpty()
                  && producer.acknowledged() >= sends.size() / 3,
          () -> "the first run landed nothing:\n" + output(running));
      first.kill9();
      long landedAtKill = OutputTree.lines(landing, ".json").size();
      long temporariesAtKill = OutputTree.temporaries(landing);

      second = JarProcess.start(work, "land-2", land);
      producer.awaitDone(120);
      JarProcess restarted = second;
      await(
          150,
          () -> OutputTree.lines(landing, ".json").size() >= sends.size(),
          () -> "the restarted run did not land everything:\n" + output(restarted));
      Thread.sleep(3_000); // anything extra (a duplicate) would show up now
      second.kill9();
      System.out.printf(
          "landing: %d records landed when killed, %d temporary files left by the kill%n",
          landedAtKill, temporariesAtKill);
    } finally {
      stopAll(first, second);
    }

    Path reference = work.resolve("reference");
    int exit =
        JarProcess.run(
            work,
            "land-reference",
            Duration.ofMinutes(3),
            List.of(
                "land",
                "--mode=batch",
                "--kafkaBootstrap=" + bootstrap,
                "--topicPrefix=" + prefix,
                "--output=" + reference,
                "--recordsPerObject=100"));
    assertEquals(0, exit, "the reference landing");

    Map<String, String> landed = OutputTree.files(landing, ".json");
    List<String> landedLines = OutputTree.lines(landing, ".json");
    Reconciliation.print(
        "crash-restart/land", sends.size(), sends.size(), landedLines.size(), -1, -1);
    for (String table : List.of("pin", "geo", "user")) {
      String topic = prefix + "." + table;
      List<String> expected =
          sends.stream()
              .filter(s -> s.topic().equals(topic))
              .map(SteadyProducer.Send::value)
              .toList();
      List<String> inObjectOrder = new ArrayList<>();
      landed.forEach(
          (name, text) -> {
            if (name.startsWith("topics/" + topic + "/")) {
              text.lines().forEach(inObjectOrder::add);
            }
          });
      assertEquals(expected, inObjectOrder, topic + ": every record once, in offset order");
    }
    assertEquals(
        OutputTree.files(reference, ".json"),
        landed,
        "the same objects with the same contents as an uninterrupted landing");
  }

  @Test
  @Timeout(300)
  void streamKilledMidStreamAndRestartedWritesEveryRowOnce() throws Exception {
    String prefix = "crash-stream-" + UUID.randomUUID().toString().substring(0, 8);
    String bootstrap = PrivateStack.kafkaBootstrap();
    SteadyProducer.createTopics(bootstrap, prefix);
    String malformed = "not json: dead-lettered";
    List<SteadyProducer.Send> sends = interleaved(prefix, malformed);
    Path lake = work.resolve("lake");
    List<String> stream =
        List.of(
            "stream",
            "--source=kafka",
            "--kafkaBootstrap=" + bootstrap,
            "--topicPrefix=" + prefix,
            "--output=" + lake,
            "--outputFormat=iceberg,jsonl",
            "--numShards=2",
            "--window=2s",
            "--maxDelay=1s");
    Path curated = lake.resolve("curated-stream");
    io.pinpipe.pipelines.LakeRows tables = io.pinpipe.pipelines.LakeRows.embedded(lake);
    Path deadLetter = lake.resolve("dead-letter");

    JarProcess first = null;
    JarProcess second = null;
    try (SteadyProducer producer = SteadyProducer.start(bootstrap, sends, RECORDS_PER_SECOND)) {
      first = JarProcess.start(work, "stream-1", stream);
      JarProcess running = first;
      // Killed once panes are committed to the speed tables, so the replay meets panes it must not
      // commit again.
      await(
          120,
          () ->
              !OutputTree.files(curated, ".jsonl").isEmpty()
                  && producer.acknowledged() >= sends.size() / 2
                  && speedPanes(tables).size() >= 6,
          () -> "the first run wrote nothing:\n" + output(running));
      first.kill9();
      System.out.printf(
          "stream: %d curated rows written when killed, %d temporary files left by the kill%n",
          OutputTree.lines(curated, ".jsonl").size(), OutputTree.temporaries(lake));
      System.out.printf(
          "stream: %d panes committed to the speed tables when killed%n",
          speedPanes(tables).size());

      second = JarProcess.start(work, "stream-2", stream);
      producer.awaitDone(120);
      JarProcess restarted = second;
      await(
          150,
          () ->
              OutputTree.lines(curated, ".jsonl").size() >= 3 * ROWS_PER_TABLE
                  && !OutputTree.lines(deadLetter, ".jsonl").isEmpty()
                  && speedRows(tables) >= 3 * ROWS_PER_TABLE,
          () -> "the restarted run did not write every row:\n" + output(restarted));
      Thread.sleep(
          5_000); // the windows still open close, and anything extra (a duplicate) shows up
      second.kill9();
    } finally {
      stopAll(first, second);
    }

    List<String> all = OutputTree.lines(curated, ".jsonl");
    List<String> deadLetters = OutputTree.lines(deadLetter, ".jsonl");
    Reconciliation.print(
        "crash-restart/stream", sends.size(), sends.size(), -1, all.size(), deadLetters.size());
    for (String table : List.of("pin", "geo", "user")) {
      List<String> rows = OutputTree.lines(curated.resolve(table), ".jsonl");
      TreeSet<String> distinct = new TreeSet<>(rows);
      assertEquals(distinct.size(), rows.size(), table + ": no row twice");
      assertEquals(
          new TreeSet<>(golden(table).subList(0, ROWS_PER_TABLE)),
          distinct,
          table + ": every row, none missing");
    }
    assertEquals(1, deadLetters.size(), "the malformed record dead-lettered once: " + deadLetters);
    assertTrue(deadLetters.get(0).contains("dead-lettered"), deadLetters.get(0));

    // The Iceberg tables: every row once in the speed tables, no pane twice in any snapshot
    // history.
    long speedRows = 0;
    long unnamed = 0;
    List<String> panes = speedPanes(tables);
    for (io.pinpipe.transforms.model.Table table : io.pinpipe.transforms.model.Table.values()) {
      List<String> rows = tables.speedTable(table);
      assertEquals(new TreeSet<>(rows).size(), rows.size(), table + " speed table: no row twice");
      assertEquals(
          new TreeSet<>(golden(table.id()).subList(0, ROWS_PER_TABLE)),
          new TreeSet<>(rows),
          table + " speed table: every row");
      speedRows += rows.size();
      unnamed +=
          tables
              .unnamedDataFiles(io.pinpipe.iceberg.LakeTables.defaults().speedTable(table))
              .size();
    }
    assertEquals(new TreeSet<>(panes).size(), panes.size(), "no pane committed twice: " + panes);
    List<String> deadLetterPanes = tables.deadLetterPanes();
    assertEquals(
        new TreeSet<>(deadLetterPanes).size(),
        deadLetterPanes.size(),
        "no dead-letter pane committed twice: " + deadLetterPanes);
    List<String> tableDeadLetters =
        tables.deadLetters("stream", io.pinpipe.transforms.model.Table.USER);
    assertEquals(
        1,
        tableDeadLetters.size(),
        "the dead letter once in the dead-letter table: " + tableDeadLetters);
    System.out.printf(
        "stream: %d panes in the speed tables' histories, each once; %d data files of panes cut off by the kill"
            + " that no snapshot names (reported, not removed)%n",
        panes.size(), unnamed);
    Reconciliation.printTables(
        "crash-restart/stream-iceberg",
        sends.size(),
        speedRows,
        tableDeadLetters.size(),
        String.format("panes=%d panes-twice=0 unnamed-pane-files=%d", panes.size(), unnamed));
  }

  /** Every pane entry in the three speed tables' snapshot histories. */
  private static List<String> speedPanes(io.pinpipe.pipelines.LakeRows tables) {
    List<String> panes = new ArrayList<>();
    for (io.pinpipe.transforms.model.Table table : io.pinpipe.transforms.model.Table.values()) {
      try {
        tables.speedPanes(table).forEach(p -> panes.add(table.id() + ":" + p));
      } catch (RuntimeException notYetCreated) {
        // the tables are created at launch
      }
    }
    return panes;
  }

  private static long speedRows(io.pinpipe.pipelines.LakeRows tables) {
    long rows = 0;
    for (io.pinpipe.transforms.model.Table table : io.pinpipe.transforms.model.Table.values()) {
      try {
        rows += tables.speedTable(table).size();
      } catch (RuntimeException e) {
        return 0; // a commit under way: look again
      }
    }
    return rows;
  }

  /**
   * The first rows of each table, interleaved pin, geo, user; a malformed user record in the middle
   * when given.
   */
  private static List<SteadyProducer.Send> interleaved(String prefix, String malformedUser) {
    List<SteadyProducer.Send> sends = new ArrayList<>();
    for (int i = 0; i < ROWS_PER_TABLE; i++) {
      for (String table : List.of("pin", "geo", "user")) {
        sends.add(new SteadyProducer.Send(prefix + "." + table, RealRows.lines(table).get(i)));
      }
      if (malformedUser != null && i == ROWS_PER_TABLE / 2) {
        sends.add(new SteadyProducer.Send(prefix + ".user", malformedUser));
      }
    }
    return sends;
  }

  static List<String> golden(String table) throws Exception {
    return GoldenRows.inRowOrder(table);
  }

  static void await(long seconds, BooleanSupplier done, java.util.function.Supplier<String> failure)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      assertFalse(System.nanoTime() > deadline, failure);
      Thread.sleep(500);
    }
  }

  private static String output(JarProcess jar) {
    try {
      String text = jar.output();
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static void stopAll(JarProcess... jars) throws Exception {
    for (JarProcess jar : jars) {
      if (jar != null) {
        jar.stop();
      }
    }
  }
}
