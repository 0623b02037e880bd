package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one layout of the streaming de-duplication's entries, read back as written. */
class RecentEntriesTest {
  private static byte[] threeEntries() {
    byte[] entries = RecentEntries.append(null, 100, 1, 2);
    entries = RecentEntries.append(entries, 50, 3, 4);
    return RecentEntries.append(entries, 200, 1, 5);
  }

  @Test
  void entriesReadBackAsAppended() {
    byte[] entries = threeEntries();
    assertEquals(3, RecentEntries.count(entries));
    assertEquals(50, RecentEntries.eventTime(entries, 1));
    assertEquals(3, RecentEntries.high(entries, 1));
    assertEquals(4, RecentEntries.low(entries, 1));
    assertEquals(5, RecentEntries.low(entries, 2));
    assertEquals(50, RecentEntries.oldest(entries));
  }

  @Test
  void aFingerprintIsHeldOnlyWithinTheHorizonOfItsEventTime() {
    byte[] entries = threeEntries();
    assertTrue(RecentEntries.contains(entries, 3, 4, 60, 10));
    assertTrue(RecentEntries.contains(entries, 3, 4, 40, 10));
    assertFalse(RecentEntries.contains(entries, 3, 4, 61, 10));
    assertFalse(RecentEntries.contains(entries, 3, 5, 50, 10), "the other half differs");
    assertFalse(RecentEntries.contains(entries, 1, 4, 50, 1000), "halves of two entries");
  }

  @Test
  void cutoffsKeepTheArrayWhenNothingExpiresAndNullWhenAllDo() {
    byte[] entries = threeEntries();
    assertSame(entries, RecentEntries.withoutOlderThan(entries, 50));
    byte[] kept = RecentEntries.withoutOlderThan(entries, 51);
    assertEquals(2, RecentEntries.count(kept));
    assertEquals(100, RecentEntries.oldest(kept));
    assertTrue(RecentEntries.contains(kept, 1, 5, 200, 0));
    assertNull(RecentEntries.withoutOlderThan(entries, 201));
  }

  @Test
  void aRowsFingerprintSplitsIntoTheHalvesAnEntryHolds() {
    byte[] fingerprint = RowFingerprint.of(UserRows.user(7, 30));
    byte[] entries =
        RecentEntries.append(
            null, 0, RecentEntries.high(fingerprint), RecentEntries.low(fingerprint));
    byte[] again = RowFingerprint.of(UserRows.user(7, 30));
    assertTrue(
        RecentEntries.contains(entries, RecentEntries.high(again), RecentEntries.low(again), 0, 0));
    byte[] other = RowFingerprint.of(UserRows.user(7, 31));
    assertFalse(
        RecentEntries.contains(entries, RecentEntries.high(other), RecentEntries.low(other), 0, 0));
  }
}
