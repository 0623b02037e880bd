package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeasurementTest {
  private static final Measurement RUN =
      new Measurement(
          "clean",
          "flink",
          100_000,
          300_000,
          12.5,
          20.0,
          900L << 20,
          300L << 20,
          1500L << 20,
          "1g",
          "3.2",
          "ok");

  @Test
  void recordsPerSecondIsInputRecordsOverWallTime() {
    assertEquals(24_000.0, RUN.recordsPerSecond(), 1e-9);
  }

  @Test
  void theLineLinesUpUnderTheHeader() {
    String header = Measurement.header();
    String line = RUN.line();
    assertEquals(header.indexOf("check"), line.indexOf("ok"));
    assertEquals(
        header.indexOf("records/s") + "records/s".length(),
        line.indexOf("24,000") + "24,000".length());
    assertEquals(
        "clean                flink         100,000     300,000    12.50     20.0      24,000      900      300     1500     1g   3.2  ok",
        line);
  }

  @Test
  void theTsvRowHoldsPlainNumbers() {
    assertEquals(
        "2026-11-25\t2\tclean\tflink\t100000\t300000\t12.50\t20.0\t24000\t900\t300\t1500\t1g\t3.2\tok",
        RUN.tsv("2026-11-25", 2));
  }
}
