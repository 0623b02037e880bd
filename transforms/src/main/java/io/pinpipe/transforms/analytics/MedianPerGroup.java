package io.pinpipe.transforms.analytics;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The lower median ({@link ValueCounts#lowerMedian}) of the values of each group. Values are
 * counted, not collected: each bundle's counts are combined before the shuffle ({@link
 * HashCombinePerKey}; a few distinct values per group instead of every post), and the median stays
 * exact.
 */
public final class MedianPerGroup<K>
    extends PTransform<PCollection<KV<K, Long>>, PCollection<KV<K, Long>>> {
  public static <K> MedianPerGroup<K> lower() {
    return new MedianPerGroup<>();
  }

  @Override
  public PCollection<KV<K, Long>> expand(PCollection<KV<K, Long>> values) {
    return values.apply("LowerMedian", HashCombinePerKey.of(new LowerMedianFn()));
  }

  static final class LowerMedianFn extends Combine.CombineFn<Long, ValueCounts, Long> {
    @Override
    public ValueCounts createAccumulator() {
      return new ValueCounts();
    }

    @Override
    public ValueCounts addInput(ValueCounts counts, Long value) {
      return counts.add(value);
    }

    @Override
    public ValueCounts mergeAccumulators(Iterable<ValueCounts> accumulators) {
      ValueCounts merged = new ValueCounts();
      accumulators.forEach(merged::addAll);
      return merged;
    }

    @Override
    public Long extractOutput(ValueCounts counts) {
      return counts.lowerMedian();
    }

    @Override
    public Coder<ValueCounts> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder)
        throws CannotProvideCoderException {
      return ValueCounts.Coder.of();
    }
  }
}
