package io.pinpipe.transforms;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The one layout of the streaming de-duplication's memory of a key ({@link DeduplicateRows}): the
 * distinct rows seen, packed into one array of entries of {@link #BYTES} each, an entry being a
 * row's event time and the two halves of its fingerprint ({@link RowFingerprint}). One array per
 * key keeps the runner's map state at one small value per key; {@link SealedRuns} reads the same
 * entries when it seals them.
 */
final class RecentEntries {
  /** Event time (8 bytes), then the fingerprint's high and low halves (8 each). */
  static final int BYTES = 24;

  private RecentEntries() {}

  /** The high half of a 16-byte fingerprint. */
  static long high(byte[] fingerprint) {
    return ByteBuffer.wrap(fingerprint).getLong(0);
  }

  /** The low half of a 16-byte fingerprint. */
  static long low(byte[] fingerprint) {
    return ByteBuffer.wrap(fingerprint).getLong(8);
  }

  /** {@code entries} (none if null) and one more, in a new array. */
  static byte[] append(byte[] entries, long eventTime, long high, long low) {
    int length = entries == null ? 0 : entries.length;
    byte[] grown = entries == null ? new byte[BYTES] : Arrays.copyOf(entries, length + BYTES);
    ByteBuffer.wrap(grown, length, BYTES).putLong(eventTime).putLong(high).putLong(low);
    return grown;
  }

  static int count(byte[] entries) {
    return entries.length / BYTES;
  }

  static long eventTime(byte[] entries, int entry) {
    return ByteBuffer.wrap(entries).getLong(entry * BYTES);
  }

  static long high(byte[] entries, int entry) {
    return ByteBuffer.wrap(entries).getLong(entry * BYTES + 8);
  }

  static long low(byte[] entries, int entry) {
    return ByteBuffer.wrap(entries).getLong(entry * BYTES + 16);
  }

  /** Whether an entry has this fingerprint and an event time within {@code horizonMillis}. */
  static boolean contains(byte[] entries, long high, long low, long eventTime, long horizonMillis) {
    ByteBuffer buffer = ByteBuffer.wrap(entries);
    for (int at = 0; at < entries.length; at += BYTES) {
      if (buffer.getLong(at + 8) == high
          && buffer.getLong(at + 16) == low
          && Math.abs(eventTime - buffer.getLong(at)) <= horizonMillis) {
        return true;
      }
    }
    return false;
  }

  /** The earliest event time of {@code entries}. */
  static long oldest(byte[] entries) {
    ByteBuffer buffer = ByteBuffer.wrap(entries);
    long oldest = Long.MAX_VALUE;
    for (int at = 0; at < entries.length; at += BYTES) {
      oldest = Math.min(oldest, buffer.getLong(at));
    }
    return oldest;
  }

  /** {@code entries} without those before {@code cutoff}: itself if none, null if all. */
  static byte[] withoutOlderThan(byte[] entries, long cutoff) {
    ByteBuffer buffer = ByteBuffer.wrap(entries);
    int keep = 0;
    for (int at = 0; at < entries.length; at += BYTES) {
      if (buffer.getLong(at) >= cutoff) {
        keep++;
      }
    }
    if (keep * BYTES == entries.length) {
      return entries;
    }
    if (keep == 0) {
      return null;
    }
    byte[] kept = new byte[keep * BYTES];
    int to = 0;
    for (int at = 0; at < entries.length; at += BYTES) {
      if (buffer.getLong(at) >= cutoff) {
        System.arraycopy(entries, at, kept, to, BYTES);
        to += BYTES;
      }
    }
    return kept;
  }
}
