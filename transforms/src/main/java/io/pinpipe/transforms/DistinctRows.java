package io.pinpipe.transforms;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.beam.sdk.values.Row;

/**
 * cleaning.md §5 for one group of rows: says whether a row is the first of its kind, and counts
 * keys that turn out to have several distinct rows (all kept).
 *
 * <p>Two rows are the same when their JSON Lines forms are. Only a 128-bit SHA-256 prefix of that
 * form and the row's key are remembered, in flat primitive tables: a group of n rows costs at most
 * about 48·n bytes (72·n while a table grows) however wide the rows are. A collision (odds around
 * n²/2¹²⁹, and SHA-256 resists crafted ones) is the only way two different rows could be taken for
 * one.
 */
public final class DistinctRows {
  private final FingerprintSet seen = new FingerprintSet();
  private final KeySet keys = new KeySet();
  private final KeySet conflictingKeys = new KeySet();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  /**
   * The fingerprint that stands for a row's content: the first 128 bits of the SHA-256 of its JSON
   * Lines form, as 16 bytes.
   */
  private static byte[] fingerprint(String json) {
    return Arrays.copyOf(SHA_256.get().digest(json.getBytes(StandardCharsets.UTF_8)), 16);
  }

  /** True the first time a row with this content is offered. */
  public boolean firstSeen(Row row) {
    return firstSeen(row, CuratedJson.toJson(row));
  }

  /** As {@link #firstSeen(Row)}, when the caller already has the row's JSON Lines form. */
  public boolean firstSeen(Row row, String json) {
    ByteBuffer digest = ByteBuffer.wrap(fingerprint(json));
    if (!seen.add(digest.getLong(0), digest.getLong(8))) {
      return false;
    }
    long key = row.getInt64(Table.KEY_COLUMN);
    // A new distinct row for a key already seen: that key has several distinct rows.
    if (!keys.add(key)) {
      conflictingKeys.add(key);
    }
    return true;
  }

  /** Keys seen so far with more than one distinct row. */
  public long keyConflicts() {
    return conflictingKeys.size();
  }

  /** Distinct rows seen so far. */
  public long distinctRows() {
    return seen.size();
  }

  /** Bytes the remembered fingerprints and keys take on the heap. */
  public long footprintBytes() {
    return seen.footprintBytes() + keys.footprintBytes() + conflictingKeys.footprintBytes();
  }
}
