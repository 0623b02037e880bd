package io.pinpipe.transforms.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Values of one group as value → how many times, and analytics.md's median of them: the lower
 * median, the value at position ⌈n/2⌉ (1-based) of the sorted values, what Spark's {@code
 * percentile_approx(x, 0.5)} returned. Memory grows with the distinct values, not the rows, and two
 * groups' counts merge by adding: the batch questions combine them before the shuffle, the serving
 * layer keeps them live.
 */
public final class ValueCounts {
  private final TreeMap<Long, long[]> counts = new TreeMap<>();
  private long size;

  public ValueCounts add(long value) {
    return add(value, 1);
  }

  private ValueCounts add(long value, long times) {
    counts.computeIfAbsent(value, v -> new long[1])[0] += times;
    size += times;
    return this;
  }

  /** Adds every value of {@code other}; returns this. */
  public ValueCounts addAll(ValueCounts other) {
    other.counts.forEach((value, times) -> add(value, times[0]));
    return this;
  }

  public long size() {
    return size;
  }

  public int distinctValues() {
    return counts.size();
  }

  /** The lower median; there must be at least one value. */
  public long lowerMedian() {
    if (size == 0) {
      throw new IllegalStateException("no values");
    }
    long position = (size + 1) / 2;
    long seen = 0;
    for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
      seen += entry.getValue()[0];
      if (seen >= position) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException("counts do not add up to " + size);
  }

  /**
   * Distinct values in ascending order, each with how many times: a few bytes per distinct value.
   */
  public static final class Coder extends AtomicCoder<ValueCounts> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ValueCounts value, OutputStream out) throws IOException {
      VarInt.encode(value.counts.size(), out);
      for (Map.Entry<Long, long[]> entry : value.counts.entrySet()) {
        VarLongCoder.of().encode(entry.getKey(), out);
        VarInt.encode(entry.getValue()[0], out);
      }
    }

    @Override
    public ValueCounts decode(InputStream in) throws IOException {
      ValueCounts value = new ValueCounts();
      int distinct = VarInt.decodeInt(in);
      for (int i = 0; i < distinct; i++) {
        value.add(VarLongCoder.of().decode(in), VarInt.decodeLong(in));
      }
      return value;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
