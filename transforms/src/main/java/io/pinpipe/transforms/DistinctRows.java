package io.pinpipe.transforms;

import io.pinpipe.transforms.format.CuratedJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.values.Row;

/**
 * cleaning.md §5 for one group of rows: says whether a row is the first of its kind, and counts
 * keys that turn out to have several distinct rows (all kept).
 *
 * <p>Two rows are the same when their JSON Lines forms are. Only a 128-bit SHA-256 prefix of that
 * form is remembered, so a group of n rows costs about 100·n bytes however wide the rows are; a
 * collision (odds around n²/2¹²⁹, and SHA-256 resists crafted ones) is the only way two different
 * rows could be taken for one.
 */
public final class DistinctRows {
  private final Set<ByteBuffer> seen = new HashSet<>();
  private final Map<Long, Integer> distinctPerKey = new HashMap<>();
  private final MessageDigest sha256;
  private long keyConflicts;

  public DistinctRows() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** True the first time a row with this content is offered. */
  public boolean firstSeen(Row row) {
    return firstSeen(row, CuratedJson.toJson(row));
  }

  /** As {@link #firstSeen(Row)}, when the caller already has the row's JSON Lines form. */
  public boolean firstSeen(Row row, String json) {
    byte[] digest = sha256.digest(json.getBytes(StandardCharsets.UTF_8));
    if (!seen.add(ByteBuffer.wrap(digest, 0, 16).slice())) {
      return false;
    }
    if (distinctPerKey.merge(row.getInt64("ind"), 1, Integer::sum) == 2) {
      keyConflicts++;
    }
    return true;
  }

  /** Keys seen so far with more than one distinct row. */
  public long keyConflicts() {
    return keyConflicts;
  }
}
