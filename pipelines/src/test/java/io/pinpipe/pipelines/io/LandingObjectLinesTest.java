package io.pinpipe.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LandingObjectLinesTest {
  private static List<String> split(String content, int blockBytes) throws IOException {
    List<String> lines = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    long count =
        LandingObjectLines.split(
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
            (number, line) -> {
              numbers.add(number);
              lines.add(new String(line, StandardCharsets.UTF_8));
            },
            blockBytes);
    assertEquals(lines.size(), count);
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(i + 1, numbers.get(i), "lines are numbered from 1 in order");
    }
    return lines;
  }

  /** What the splitting must give: every '\n' ends a line; a non-empty tail is one more. */
  private static List<String> expected(String content) {
    List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  @Test
  void newlinesEndRecordsEmptyLinesAreRecordsAndAnUnterminatedTailIsOne() throws IOException {
    assertEquals(List.of("a", "bb"), split("a\nbb\n", 64));
    assertEquals(List.of("a", "", "b"), split("a\n\nb", 64));
    assertEquals(List.of(), split("", 64));
    assertEquals(List.of(""), split("\n", 64));
    assertEquals(
        List.of("x\r"), split("x\r\n", 64), "a CR stays in the record, for cleaning to judge");
  }

  @Test
  void linesLongerThanABlockAndLinesAcrossBlockEdgesComeOutWhole() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      StringBuilder content = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        int pick = random.nextInt(10);
        content.append(pick == 0 ? "\n" : pick == 1 ? "é" : pick == 2 ? "😀" : "x");
      }
      int blockBytes = 1 + random.nextInt(8);
      assertEquals(
          expected(content.toString()),
          split(content.toString(), blockBytes),
          "block of " + blockBytes + " over " + content);
    }
  }
}
