package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Raw bytes from a source (a file line, a Kafka value) → a raw record, decoded strictly. */
public final class RawRecords {
  private RawRecords() {}

  /**
   * A record whose bytes are not valid UTF-8 keeps a best-effort text and a read error, so it is
   * dead-lettered with its reason, never silently repaired.
   */
  public static RawRecord fromUtf8(TableSpec table, String source, byte[] bytes) {
    String payload = strictUtf8(bytes);
    return payload != null
        ? RawRecord.of(table, source, payload)
        : RawRecord.unreadable(
            table, source, new String(bytes, StandardCharsets.UTF_8), "payload: not valid UTF-8");
  }

  /** The text of {@code bytes}, or {@code null} when they are not valid UTF-8. */
  public static String strictUtf8(byte[] bytes) {
    // The JDK's lenient decoding is much faster; it puts U+FFFD where the bytes are not UTF-8, so
    // only a text holding U+FFFD (malformed, or a real U+FFFD) needs the strict decoder.
    String lenient = new String(bytes, StandardCharsets.UTF_8);
    if (lenient.indexOf('\uFFFD') < 0) {
      return lenient;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
