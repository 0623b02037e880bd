package io.pinpipe.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The distinct encoded rows of one group, each once, in the order first seen. A group is one key's
 * rows (nearly always one distinct row: its re-posts are the same bytes) or, on the DirectRunner, a
 * share of the table.
 */
public final class DistinctEncodings
    extends Combine.CombineFn<byte[], DistinctEncodings.Seen, List<byte[]>> {
  /** The accumulator: the distinct encodings seen, wrapped so that equal bytes are equal. */
  public static final class Seen {
    final Set<ByteBuffer> encodings = new LinkedHashSet<>(2);

    void add(byte[] encoded) {
      encodings.add(ByteBuffer.wrap(encoded));
    }

    List<byte[]> toList() {
      List<byte[]> out = new ArrayList<>(encodings.size());
      encodings.forEach(b -> out.add(b.array()));
      return out;
    }
  }

  @Override
  public Seen createAccumulator() {
    return new Seen();
  }

  @Override
  public Seen addInput(Seen seen, byte[] encoded) {
    seen.add(encoded);
    return seen;
  }

  @Override
  public Seen mergeAccumulators(Iterable<Seen> accumulators) {
    Seen merged = new Seen();
    for (Seen seen : accumulators) {
      merged.encodings.addAll(seen.encodings);
    }
    return merged;
  }

  @Override
  public List<byte[]> extractOutput(Seen seen) {
    return seen.toList();
  }

  @Override
  public Coder<Seen> getAccumulatorCoder(CoderRegistry registry, Coder<byte[]> inputCoder) {
    return new SeenCoder();
  }

  @Override
  public Coder<List<byte[]>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<byte[]> inputCoder) {
    return ListCoder.of(ByteArrayCoder.of());
  }

  /** A {@link Seen} as the list of its encodings. */
  static final class SeenCoder extends CustomCoder<Seen> {
    private static final Coder<List<byte[]>> LIST = ListCoder.of(ByteArrayCoder.of());

    @Override
    public void encode(Seen seen, OutputStream out) throws IOException {
      LIST.encode(seen.toList(), out);
    }

    @Override
    public Seen decode(InputStream in) throws IOException {
      Seen seen = new Seen();
      LIST.decode(in).forEach(seen::add);
      return seen;
    }
  }
}
