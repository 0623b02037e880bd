package io.pinpipe.iceberg;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What input a commit covers, as snapshot-summary properties: how many input records it was made
 * from ({@link #RECORDS}) and the last position read per partition ({@link #OFFSET} for Kafka and
 * landing objects, {@link #SEQUENCE} for Kinesis shards). Also the rule that a batch run must not
 * replace a view with one that covers less.
 */
public final class InputCoverage {
  public static final String RECORDS = "pinpipe.input-records";
  public static final String OFFSET = "pinpipe.input-offset.";
  public static final String SEQUENCE = "pinpipe.input-sequence.";

  private InputCoverage() {}

  /**
   * Why a snapshot with summary {@code next} covers less input than {@code current} does, or null
   * when it covers as much or more: fewer input records, a partition no longer read, or a partition
   * whose last offset went backwards (a landing zone from elsewhere, a truncated folder). A summary
   * without a count or offsets (written before they were recorded) constrains nothing.
   */
  public static @Nullable String shrinkage(Map<String, String> current, Map<String, String> next) {
    List<String> reasons = new ArrayList<>();
    BigInteger before = number(current.get(RECORDS));
    BigInteger after = number(next.get(RECORDS));
    if (before != null && after != null && after.compareTo(before) < 0) {
      reasons.add(
          "this run read " + after + " input records, the current snapshot covers " + before);
    }
    for (Map.Entry<String, String> position : current.entrySet()) {
      if (!position.getKey().startsWith(OFFSET)) {
        continue;
      }
      String partition = position.getKey().substring(OFFSET.length());
      BigInteger was = number(position.getValue());
      BigInteger now = number(next.get(position.getKey()));
      if (was == null) {
        continue;
      }
      if (now == null) {
        reasons.add(
            "this run read nothing of "
                + partition
                + ", the current snapshot covers it up to offset "
                + was);
      } else if (now.compareTo(was) < 0) {
        reasons.add(
            "this run read "
                + partition
                + " up to offset "
                + now
                + ", the current snapshot up to "
                + was);
      }
      if (reasons.size() >= 3) {
        break; // enough to say what is wrong in one line
      }
    }
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }

  private static @Nullable BigInteger number(@Nullable String value) {
    return value != null && value.matches("\\d+") ? new BigInteger(value) : null;
  }
}
