package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InputCoverageTest {
  private static final Map<String, String> CURRENT =
      Map.of(
          InputCoverage.RECORDS,
          "1000",
          InputCoverage.OFFSET + "pinpipe.pin/0",
          "599",
          InputCoverage.OFFSET + "pinpipe.pin/1",
          "399");

  @Test
  void moreOrAsMuchInputReplaces() {
    assertNull(InputCoverage.shrinkage(CURRENT, CURRENT));
    assertNull(
        InputCoverage.shrinkage(
            CURRENT,
            Map.of(
                InputCoverage.RECORDS,
                "1200",
                InputCoverage.OFFSET + "pinpipe.pin/0",
                "700",
                InputCoverage.OFFSET + "pinpipe.pin/1",
                "500",
                InputCoverage.OFFSET + "pinpipe.pin/2",
                "3")),
        "a new partition is more input");
  }

  @Test
  void fewerRecordsAreRefused() {
    assertEquals(
        "this run read 10 input records, the current snapshot covers 1000",
        InputCoverage.shrinkage(
            CURRENT,
            Map.of(
                InputCoverage.RECORDS,
                "10",
                InputCoverage.OFFSET + "pinpipe.pin/0",
                "599",
                InputCoverage.OFFSET + "pinpipe.pin/1",
                "399")));
  }

  @Test
  void offsetsThatWentBackwardsAreRefusedEvenWithMoreRecords() {
    assertEquals(
        "this run read pinpipe.pin/1 up to offset 20, the current snapshot up to 399",
        InputCoverage.shrinkage(
            CURRENT,
            Map.of(
                InputCoverage.RECORDS,
                "5000",
                InputCoverage.OFFSET + "pinpipe.pin/0",
                "9000",
                InputCoverage.OFFSET + "pinpipe.pin/1",
                "20")));
    assertEquals(
        "this run read nothing of pinpipe.pin/1, the current snapshot covers it up to offset 399",
        InputCoverage.shrinkage(
            CURRENT,
            Map.of(InputCoverage.RECORDS, "5000", InputCoverage.OFFSET + "pinpipe.pin/0", "9000")));
  }

  @Test
  void aSnapshotThatRecordedNoCoverageConstrainsNothing() {
    assertNull(
        InputCoverage.shrinkage(Map.of("pinpipe.run-id", "x"), Map.of(InputCoverage.RECORDS, "1")));
    assertNull(
        InputCoverage.shrinkage(
            CURRENT,
            Map.of(
                InputCoverage.OFFSET + "pinpipe.pin/0",
                "599",
                InputCoverage.OFFSET + "pinpipe.pin/1",
                "399")),
        "a summary without a count is compared by its offsets only");
  }
}
