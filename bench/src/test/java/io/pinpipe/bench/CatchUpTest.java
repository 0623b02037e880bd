package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catch-up result lines: a tsv row reads back as written, and the ratio pairs like with like.
 */
class CatchUpTest {
  private static CatchUpResult result(
      String label, String runner, long events, double wall, String failure) {
    return new CatchUpResult(
        label, runner, events, 2, 2, wall, 50.5, 900L << 20, 3 * events, 0, "1.5", failure);
  }

  @Test
  void tsvRowReadsBackAsWritten() {
    CatchUpResult written = result("catchup", "flink", 100_000, 69.8, "");
    CatchUpResult read = CatchUpResult.parse(written.tsv("2026-12-06", 2));
    assertEquals(written, read);
  }

  @Test
  void ratioIsPinpipeOverTheReferenceForTheSameLabelAndEvents() {
    List<String> lines =
        CatchUp.ratioLines(
            List.of(
                result("catchup", "flink", 100_000, 50.0, ""),
                result("catchup", "spark-ref", 100_000, 25.0, ""),
                result("other", "flink", 100_000, 10.0, ""),
                result("catchup", "direct", 100_000, 100.0, "the job exited")));
    assertEquals(
        List.of(
            "catch-up at 100,000 events: pinpipe on flink 2,000 events/s ÷ spark-ref 4,000 events/s = 0.50"
                + " (CPU s: 50.5 against 50.5, 1.00×)"),
        lines);
  }
}
