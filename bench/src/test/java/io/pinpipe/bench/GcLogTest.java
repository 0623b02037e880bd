package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
  @Test
  void peakIsTheLargestSizeBeforeACollectionOrAtExitAndLiveTheLargestAfter() {
    GcLog gc =
        GcLog.parse(
            List.of(
                "[0.005s][info][gc] Using G1",
                "[1.302s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 18M->5M(380M) 19.321ms",
                "[2.793s][info][gc] GC(13) Pause Young (Concurrent Start) (G1 Evacuation Pause) 259M->200M(484M) 186.699ms",
                "[2.836s][info][gc] GC(14) Pause Remark 260M->64M(224M) 8.310ms",
                "[2.887s][info][gc,heap,exit]  garbage-first heap   total 229376K, used 112079K [0x00000000e0000000, 0x0000000100000000)",
                "[2.887s][info][gc,heap,exit]  Metaspace       used 9426K, committed 9664K, reserved 1114112K"));
    assertEquals(260L << 20, gc.usedBytes());
    assertEquals(200L << 20, gc.liveBytes());
  }

  @Test
  void heapUsedAtExitCountsWhenItIsTheLargest() {
    GcLog gc =
        GcLog.parse(
            List.of(
                "[1.0s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 1G->10M(2G) 19.3ms",
                "[9.0s][info][gc,heap,exit]  garbage-first heap   total 4194304K, used 2097152K [0x0, 0x1)"));
    assertEquals(2L << 30, gc.usedBytes());
    assertEquals(10L << 20, gc.liveBytes());
  }

  @Test
  void noCollectionAndNoExitLineIsZero() {
    assertEquals(new GcLog(0, 0), GcLog.parse(List.of("[0.005s][info][gc] Using G1")));
  }
}
