package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCountTest {
  private static final List<TableCount> COUNTS =
      List.of(
          new TableCount("pin", 1000, 990, 990, 10, 0),
          new TableCount("geo", 1000, 1000, 999, 0, 1),
          new TableCount("user", 1000, 998, 998, 1, 0));

  @Test
  void theBaselinesTableParsesBackToTheSameCounts() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableCount.print(COUNTS, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(COUNTS, TableCount.parseLast(lines));
  }

  @Test
  void theLastTableOfARunsOutputWinsAndAMismatchIsReported() {
    List<String> output =
        List.of(
            "table        read        curated    after dedup  dead-lettered  key conflicts",
            "pin            1              1              1              0              0",
            "some log line mentioning pin 3 4 5",
            "table        read        curated    after dedup  dead-lettered  key conflicts",
            "user          10              8              8              1              0   <- DOES NOT RECONCILE",
            "curated tables: out/curated/, dead letters: out/dead-letter/");
    List<TableCount> counts = TableCount.parseLast(output);
    assertEquals(List.of(new TableCount("user", 10, 8, 8, 1, 0)), counts);
    assertFalse(counts.get(0).reconciles());
  }
}
