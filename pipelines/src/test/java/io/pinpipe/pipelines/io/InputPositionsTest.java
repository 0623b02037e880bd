package io.pinpipe.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pinpipe.iceberg.InputCoverage;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

/** The position a record's source names, as its commit's snapshot summary records it. */
class InputPositionsTest {
  @Test
  void kafkaRecordsNameTheirTopicPartitionAndOffset() {
    assertEquals(
        KV.of(InputCoverage.OFFSET + "pinpipe.pin/1", "42"),
        InputPositions.position("kafka:pinpipe.pin/1/42"));
    assertEquals(
        KV.of(InputCoverage.OFFSET + "a/b/0", "7"), InputPositions.position("kafka:a/b/0/7"));
  }

  @Test
  void kinesisAndLandedRecordsNameTheirs() {
    assertEquals(
        KV.of(InputCoverage.SEQUENCE + "streaming-p-pin/shardId-0", "4955"),
        InputPositions.position("kinesis:streaming-p-pin/shardId-0/4955"));
    assertEquals(
        KV.of(InputCoverage.SEQUENCE + "a/b/s", "9"), InputPositions.position("kinesis:a/b/s/9"));
    assertEquals(
        KV.of(InputCoverage.OFFSET + "pinpipe.pin/0", "109"),
        InputPositions.position(
            "file:/lake/topics/pinpipe.pin/partition=0/pinpipe.pin+0+0000000100.json#10"));
  }

  @Test
  void otherSourcesHaveNone() {
    for (String source :
        new String[] {
          "kafka:/0/1",
          "kafka:t/x/1",
          "kafka:t/0/",
          "kafka:t/0/1x",
          "kafka:t",
          "kafka:",
          "jdbc:x",
          "kinesis:/s/1",
          "kinesis:t//1",
          "kinesis:t/s/",
          "kinesis:t/s/1x",
          "kinesis:t/1",
          "kinesis:"
        }) {
      assertNull(InputPositions.position(source), source);
    }
  }
}
