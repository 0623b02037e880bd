package io.pinpipe.transforms;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The sealed part of one horizon group's memory in the streaming de-duplication ({@link
 * DeduplicateRows#withinHorizon}): the distinct rows seen, as a few immutable runs of entries (row
 * key, event time, 128-bit fingerprint) sorted by key, in flat arrays.
 *
 * <p>Why runs and not one map entry per key: Flink's heap state backend writes every map entry one
 * by one at each checkpoint and copies a group's whole map on its first change after one, and the
 * garbage collector traces every entry. With a horizon of ten minutes at 12,000 rows/s that is
 * millions of entries, each paid at every checkpoint. A run is three arrays: a checkpoint writes it
 * as a block, nothing copies it (it never changes), and it costs the collector three objects.
 *
 * <p>Runs are size-tiered, as in a log-structured merge tree: a new run is merged with the newest
 * while that one is at most twice its size, so a group holds about log₂(entries / run size) runs
 * and a lookup is that many binary searches.
 */
final class SealedRuns {
  static final SealedRuns EMPTY = new SealedRuns(new Run[0]);

  /** Oldest (largest) first. */
  private final Run[] runs;

  private SealedRuns(Run[] runs) {
    this.runs = runs;
  }

  /**
   * True when an entry of {@code ind} has the fingerprint {@code high, low} and an event time
   * within {@code horizonMillis} of {@code eventTime}.
   */
  boolean contains(long ind, long high, long low, long eventTime, long horizonMillis) {
    for (Run run : runs) {
      if (run.contains(ind, high, low, eventTime, horizonMillis)) {
        return true;
      }
    }
    return false;
  }

  /** These runs and {@code run}, merged with the newest runs that are not much larger. */
  SealedRuns plus(Run run) {
    if (run.size() == 0) {
      return this;
    }
    int keep = runs.length;
    Run merged = run;
    while (keep > 0 && runs[keep - 1].size() <= 2 * merged.size()) {
      merged = Run.merge(runs[keep - 1], merged);
      keep--;
    }
    Run[] next = Arrays.copyOf(runs, keep + 1);
    next[keep] = merged;
    return new SealedRuns(next);
  }

  /** These runs without the entries whose event time is before {@code cutoff}. */
  SealedRuns withoutOlderThan(long cutoff) {
    List<Run> kept = new ArrayList<>(runs.length);
    boolean changed = false;
    for (Run run : runs) {
      Run shortened = run.withoutOlderThan(cutoff);
      changed |= shortened != run;
      if (shortened.size() > 0) {
        kept.add(shortened);
      }
    }
    return changed ? new SealedRuns(kept.toArray(new Run[0])) : this;
  }

  /** The earliest event time held, or {@link Long#MAX_VALUE} when empty. */
  long oldest() {
    long oldest = Long.MAX_VALUE;
    for (Run run : runs) {
      oldest = Math.min(oldest, run.oldest);
    }
    return oldest;
  }

  int entries() {
    int entries = 0;
    for (Run run : runs) {
      entries += run.size();
    }
    return entries;
  }

  int runCount() {
    return runs.length;
  }

  /**
   * Entries sorted by key; per entry the event time and the fingerprint's two halves in {@code
   * values} at 3i, 3i+1, 3i+2.
   */
  static final class Run {
    private final long[] inds;
    private final long[] values;
    private final long oldest;

    private Run(long[] inds, long[] values) {
      this.inds = inds;
      this.values = values;
      long min = Long.MAX_VALUE;
      for (int i = 0; i < inds.length; i++) {
        min = Math.min(min, values[3 * i]);
      }
      this.oldest = min;
    }

    int size() {
      return inds.length;
    }

    /** A run of the recent memory's entries: key → its {@link RecentEntries}. */
    static Run of(Map<Long, byte[]> recent) {
      int size = 0;
      for (byte[] entries : recent.values()) {
        size += RecentEntries.count(entries);
      }
      long[] keys = new long[recent.size()];
      int k = 0;
      for (Long key : recent.keySet()) {
        keys[k++] = key;
      }
      Arrays.sort(keys);
      long[] inds = new long[size];
      long[] values = new long[3 * size];
      int to = 0;
      for (long key : keys) {
        byte[] entries = recent.get(key);
        for (int entry = 0; entry < RecentEntries.count(entries); entry++) {
          inds[to] = key;
          values[3 * to] = RecentEntries.eventTime(entries, entry);
          values[3 * to + 1] = RecentEntries.high(entries, entry);
          values[3 * to + 2] = RecentEntries.low(entries, entry);
          to++;
        }
      }
      return new Run(inds, values);
    }

    boolean contains(long ind, long high, long low, long eventTime, long horizonMillis) {
      int at = Arrays.binarySearch(inds, ind);
      if (at < 0) {
        return false;
      }
      while (at > 0 && inds[at - 1] == ind) {
        at--;
      }
      for (; at < inds.length && inds[at] == ind; at++) {
        if (values[3 * at + 1] == high
            && values[3 * at + 2] == low
            && Math.abs(eventTime - values[3 * at]) <= horizonMillis) {
          return true;
        }
      }
      return false;
    }

    static Run merge(Run older, Run newer) {
      int size = older.size() + newer.size();
      long[] inds = new long[size];
      long[] values = new long[3 * size];
      int a = 0;
      int b = 0;
      for (int to = 0; to < size; to++) {
        Run from;
        int at;
        if (b == newer.size() || (a < older.size() && older.inds[a] <= newer.inds[b])) {
          from = older;
          at = a++;
        } else {
          from = newer;
          at = b++;
        }
        inds[to] = from.inds[at];
        System.arraycopy(from.values, 3 * at, values, 3 * to, 3);
      }
      return new Run(inds, values);
    }

    /** This run without the entries before {@code cutoff}: itself when it has none. */
    Run withoutOlderThan(long cutoff) {
      if (oldest >= cutoff) {
        return this;
      }
      int keep = 0;
      for (int i = 0; i < inds.length; i++) {
        if (values[3 * i] >= cutoff) {
          keep++;
        }
      }
      long[] keptInds = new long[keep];
      long[] keptValues = new long[3 * keep];
      int to = 0;
      for (int i = 0; i < inds.length; i++) {
        if (values[3 * i] >= cutoff) {
          keptInds[to] = inds[i];
          System.arraycopy(values, 3 * i, keptValues, 3 * to, 3);
          to++;
        }
      }
      return new Run(keptInds, keptValues);
    }
  }

  /** Writes each run as its entry count and then its entries, four longs each. */
  static final class RunsCoder extends AtomicCoder<SealedRuns> {
    private static final RunsCoder INSTANCE = new RunsCoder();

    static Coder<SealedRuns> of() {
      return INSTANCE;
    }

    @Override
    public void encode(SealedRuns value, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeInt(value.runs.length);
      for (Run run : value.runs) {
        int size = run.size();
        out.writeInt(size);
        ByteBuffer block = ByteBuffer.allocate(32 * size);
        block.asLongBuffer().put(run.inds).put(run.values);
        out.write(block.array());
      }
      out.flush();
    }

    @Override
    public SealedRuns decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      int count = in.readInt();
      if (count < 0) {
        throw new CoderException("negative run count " + count);
      }
      Run[] runs = new Run[count];
      for (int r = 0; r < count; r++) {
        int size = in.readInt();
        if (size < 0) {
          throw new CoderException("negative run size " + size);
        }
        byte[] block = new byte[32 * size];
        in.readFully(block);
        long[] inds = new long[size];
        long[] values = new long[3 * size];
        ByteBuffer.wrap(block).asLongBuffer().get(inds).get(values);
        runs[r] = new Run(inds, values);
      }
      return new SealedRuns(runs);
    }
  }
}
