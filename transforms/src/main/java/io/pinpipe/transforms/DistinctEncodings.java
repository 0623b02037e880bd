package io.pinpipe.transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The distinct encoded rows of one key, each once, in the order first seen. A key nearly always
 * has one row (its re-posts are the same bytes), so a short list beats a hash set here.
 */
public final class DistinctEncodings extends Combine.CombineFn<byte[], List<byte[]>, List<byte[]>> {
  @Override
  public List<byte[]> createAccumulator() {
    return new ArrayList<>(1);
  }

  @Override
  public List<byte[]> addInput(List<byte[]> distinct, byte[] encoded) {
    for (byte[] seen : distinct) {
      if (Arrays.equals(seen, encoded)) {
        return distinct;
      }
    }
    distinct.add(encoded);
    return distinct;
  }

  @Override
  public List<byte[]> mergeAccumulators(Iterable<List<byte[]>> accumulators) {
    List<byte[]> merged = createAccumulator();
    for (List<byte[]> distinct : accumulators) {
      for (byte[] encoded : distinct) {
        addInput(merged, encoded);
      }
    }
    return merged;
  }

  @Override
  public List<byte[]> extractOutput(List<byte[]> distinct) {
    return distinct;
  }

  @Override
  public Coder<List<byte[]>> getAccumulatorCoder(CoderRegistry registry, Coder<byte[]> inputCoder) {
    return ListCoder.of(ByteArrayCoder.of());
  }

  @Override
  public Coder<List<byte[]>> getDefaultOutputCoder(CoderRegistry registry, Coder<byte[]> inputCoder) {
    return ListCoder.of(ByteArrayCoder.of());
  }
}
