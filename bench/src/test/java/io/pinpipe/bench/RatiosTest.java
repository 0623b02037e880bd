package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatiosTest {
  private static Ratios.Row row(String label, String runner, long rows, double rate, boolean ok) {
    return new Ratios.Row("2026-12-03", label, runner, rows, rate, ok);
  }

  private static String print(List<Ratios.Row> all, int from) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Ratios.print(all, from, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachRunIsSetAgainstTheReferenceOfItsLabelAndTheNewestBaseline() {
    List<Ratios.Row> all =
        List.of(
            row("clean-baseline", "java", 100_000, 100_000, true),
            row("clean-baseline", "java", 100_000, 200_000, true),
            row("clean", "flink", 100_000, 30_000, true), // an earlier invocation: not reported
            row("clean", "flink", 100_000, 20_000, true),
            row("clean", "spark-ref", 100_000, 10_000, true),
            row("clean-jsonl", "flink", 100_000, 40_000, true),
            row("clean-jsonl", "spark-ref", 100_000, 16_000, true),
            row("clean", "direct", 100_000, 8_000, false));
    assertEquals(
        String.join(
            "\n",
            "ratios (records/s of each run over the reference's; > 1 is faster):",
            "  clean                flink         100,000      20,000/s    2.00 x spark-ref (10,000/s)    0.10 x clean-baseline (200,000/s, 2026-12-03)",
            "  clean-jsonl          flink         100,000      40,000/s    2.50 x spark-ref (16,000/s)    0.20 x clean-baseline (200,000/s, 2026-12-03)",
            "  clean                spark-ref     100,000      10,000/s    0.05 x clean-baseline (200,000/s, 2026-12-03)",
            "  clean-jsonl          spark-ref     100,000      16,000/s    0.08 x clean-baseline (200,000/s, 2026-12-03)",
            ""),
        print(all, 3));
  }

  @Test
  void analyticsHasNoBaselineAndAFailedReferenceGivesNoRatio() {
    List<Ratios.Row> all =
        List.of(
            row("analytics", "flink", 100_000, 13_000, true),
            row("analytics", "spark-ref", 100_000, 26_000, true),
            row("clean", "flink", 1_000_000, 60_000, true),
            row("clean", "spark-ref", 1_000_000, 50_000, false));
    assertEquals(
        String.join(
            "\n",
            "ratios (records/s of each run over the reference's; > 1 is faster):",
            "  analytics            flink         100,000      13,000/s    0.50 x spark-ref (26,000/s)",
            ""),
        print(all, 0));
  }
}
