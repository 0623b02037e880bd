package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SustainabilityTest {
  private static final long WINDOW = 10_000;

  @Test
  void fullRateEveryRowAndP99WithinWindowPlusThreeSecondsIsSustainable() {
    assertEquals(
        List.of(), Sustainability.shortfalls(2_000, 1_999.9, 360_000, 360_000, 13_000, WINDOW));
    assertEquals(
        List.of(), Sustainability.shortfalls(2_000, 1_960, 360_000, 360_000, 12_000, WINDOW));
  }

  @Test
  void aProducerUnderNinetyEightPercentOfTheRateIsNotSustainable() {
    List<String> why = Sustainability.shortfalls(2_000, 1_959, 360_000, 360_000, 12_000, WINDOW);
    assertEquals(1, why.size());
    assertTrue(why.get(0).contains("1,959 events/s"), why.get(0));
  }

  @Test
  void aMissingRowIsNotSustainable() {
    List<String> why = Sustainability.shortfalls(2_000, 2_000, 360_000, 359_999, 12_000, WINDOW);
    assertEquals(List.of("1 of 360,000 rows not curated by the deadline"), why);
  }

  @Test
  void p99OneMillisecondOverWindowPlusThreeSecondsIsNotSustainable() {
    List<String> why = Sustainability.shortfalls(2_000, 2_000, 360_000, 360_000, 13_001, WINDOW);
    assertEquals(List.of("p99 13.0 s > window + 3 s = 13.0 s"), why);
  }

  @Test
  void nothingCuratedReportsTheMissingRowsNotAFreshness() {
    List<String> why =
        Sustainability.shortfalls(2_000, 2_000, 360_000, 0, StreamResult.NO_FRESHNESS, WINDOW);
    assertEquals(List.of("360,000 of 360,000 rows not curated by the deadline"), why);
  }

  @Test
  void everyShortfallIsListed() {
    assertEquals(3, Sustainability.shortfalls(8_000, 5_000, 1_000, 900, 30_000, WINDOW).size());
  }

  @Test
  void aFailedRunIsNeverSustainableEvenWithGoodFigures() {
    StreamResult ok = result("");
    StreamResult deadLetters = result("2 dead letters (the generator's rows are all valid)");
    assertTrue(ok.sustainable());
    assertEquals("sustainable", ok.verdict());
    assertEquals(false, deadLetters.sustainable());
    assertEquals(
        "FAILED: 2 dead letters (the generator's rows are all valid)", deadLetters.verdict());
  }

  private static StreamResult result(String failure) {
    return new StreamResult(
        "stream",
        "flink",
        2_000,
        60,
        WINDOW,
        120_000,
        60.0,
        360_000,
        0,
        360_000,
        0,
        7_000,
        12_500,
        13_000,
        80.0,
        900L << 20,
        300L << 20,
        1500L << 20,
        "-",
        "1.5",
        failure);
  }
}
