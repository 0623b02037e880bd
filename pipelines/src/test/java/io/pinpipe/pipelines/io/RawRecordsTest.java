package io.pinpipe.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Payload bytes are taken as text only when they are valid UTF-8, never silently repaired. */
class RawRecordsTest {
  @Test
  void validUtf8IsReadAsItIs() {
    for (String text : new String[] {"", "{\"ind\": 1}", "Aydoğdu 🍂 ok", "a real \uFFFD"}) {
      assertEquals(text, RawRecords.strictUtf8(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[][] malformed = {
      {(byte) 0xC3, (byte) 0x28}, // a continuation byte missing
      {'a', (byte) 0xE2, (byte) 0x82}, // cut off at the end
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded (CESU-8)
      {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
      {(byte) 0xFF},
      {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xFF} // a real U+FFFD, then garbage
    };
    for (byte[] bytes : malformed) {
      assertNull(RawRecords.strictUtf8(bytes));
    }
  }
}
