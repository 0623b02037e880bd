package io.pinpipe.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedIncrementTest {
  private static final String P0 = InputCoverage.OFFSET + "pinpipe.pin/0";
  private static final String P1 = InputCoverage.OFFSET + "pinpipe.pin/1";
  private static final Map<String, String> BATCH =
      Map.of(P0, "99", P1, "9", InputCoverage.RECORDS, "111", CommitRun.RUN_ID, "r");

  @Test
  void aPaneIsCoveredOnlyWhenEveryPositionIsAtOrBelowTheBatchViewsOwn() {
    assertTrue(SpeedIncrement.covered(Map.of(P0, "99", P1, "3"), SpeedIncrement.positions(BATCH)));
    assertTrue(
        SpeedIncrement.covered(Map.of(P1, "9"), SpeedIncrement.positions(BATCH)),
        "a pane with records of one partition");
    assertFalse(
        SpeedIncrement.covered(Map.of(P0, "100"), SpeedIncrement.positions(BATCH)),
        "one record past the boundary");
    assertFalse(
        SpeedIncrement.covered(Map.of(P0, "5", P1, "10"), SpeedIncrement.positions(BATCH)),
        "numbers, not text: 10 > 9");
    assertFalse(
        SpeedIncrement.covered(
            Map.of(InputCoverage.OFFSET + "pinpipe.pin/2", "0"), SpeedIncrement.positions(BATCH)),
        "a partition the batch run never read");
    assertFalse(
        SpeedIncrement.covered(
            Map.of(InputCoverage.SEQUENCE + "streaming-pinpipe-pin/shardId-000000000000", "4959"),
            SpeedIncrement.positions(BATCH)),
        "Kinesis sequence numbers: no batch run reads them");
    assertFalse(
        SpeedIncrement.covered(Map.of(), SpeedIncrement.positions(BATCH)),
        "a commit without positions is taken");
  }

  @Test
  void theBoundaryIsTheBatchSnapshotsPositionsOnly() {
    assertEquals(Map.of(P0, "99", P1, "9"), SpeedIncrement.positions(BATCH));
  }
}
