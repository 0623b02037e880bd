package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline does the pipeline's work: the real rows give the golden curated rows. */
class CleanBaselineTest {
  @TempDir Path dir;

  @Test
  void realRowsGiveTheGoldenCuratedRowsOnceEach() throws Exception {
    for (String table : List.of("pin", "geo", "user")) {
      List<String> rows = new ArrayList<>(RealRows.lines(table));
      rows.addAll(rows.subList(0, 10)); // re-posted rows must come out once
      LandingZone.write(dir.resolve("landing"), "pinpipe." + table, rows, 1000);
    }

    List<TableCount> counts =
        CleanBaseline.run(dir.resolve("landing"), dir.resolve("out"), "pinpipe", 3);

    for (TableCount count : counts) {
      List<String> golden = golden(count.table());
      assertEquals(golden.size() + 10, count.read(), count.table());
      assertEquals(golden.size() + 10, count.curatedBeforeDedup(), count.table());
      assertEquals(0, count.deadLettered(), count.table());
      assertEquals(
          golden, sortedLines(dir.resolve("out/curated").resolve(count.table())), count.table());
    }
  }

  @Test
  void unparsableAndNonUtf8LinesAreDeadLetteredAndCounted() throws Exception {
    Path object =
        dir.resolve("landing/topics/pinpipe.geo/partition=0/pinpipe.geo+0+0000000000.json");
    Files.createDirectories(object.getParent());
    byte[] good = (RealRows.lines("geo").get(0) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = "not json\n{\"ind\": \"\u00e9\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(object, concat(good, bad));

    List<TableCount> counts =
        CleanBaseline.run(dir.resolve("landing"), dir.resolve("out"), "pinpipe", 2);

    TableCount geo = counts.get(1);
    assertEquals(new TableCount("geo", 3, 1, 1, 2, 0), geo);
    List<String> dead = sortedLines(dir.resolve("out/dead-letter/geo"));
    assertEquals(2, dead.size());
    assertTrue(dead.stream().anyMatch(line -> line.contains("not valid UTF-8")), dead.toString());
    assertTrue(
        dead.stream().allMatch(line -> line.contains("\"pipeline\":\"clean-baseline\"")),
        dead.toString());
  }

  private static List<String> golden(String table) throws IOException {
    return GoldenRows.sorted(table);
  }

  private static List<String> sortedLines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines.stream().sorted().toList();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
