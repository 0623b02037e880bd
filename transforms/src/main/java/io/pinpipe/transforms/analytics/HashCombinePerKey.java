package io.pinpipe.transforms.analytics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code Combine.perKey(fn)} over a batch (globally windowed) collection, with each bundle's values
 * first added up in a hash map by key. Beam lifts a combiner before the shuffle anyway, but Flink's
 * batch runner does it by sorting every element of the partition; the questions have a few hundred
 * keys and a million rows, so a map makes the pre-shuffle step a lookup per row and leaves one
 * partial result per key and bundle for the shuffle. The map is emptied downstream whenever it
 * holds more than {@link #MAX_KEYS} keys.
 */
public final class HashCombinePerKey<K, InputT, AccumT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
  /** Keys held per bundle before the partial results are sent on. */
  static final int MAX_KEYS = 10_000;

  private final CombineFn<InputT, AccumT, OutputT> fn;
  private final int maxKeys;

  private HashCombinePerKey(CombineFn<InputT, AccumT, OutputT> fn, int maxKeys) {
    this.fn = fn;
    this.maxKeys = maxKeys;
  }

  public static <K, InputT, AccumT, OutputT> HashCombinePerKey<K, InputT, AccumT, OutputT> of(
      CombineFn<InputT, AccumT, OutputT> fn) {
    return new HashCombinePerKey<>(fn, MAX_KEYS);
  }

  /**
   * With a smaller map, for tests: the DirectRunner pays per key grouped, so tests cannot use many.
   */
  HashCombinePerKey<K, InputT, AccumT, OutputT> withMaxKeys(int keys) {
    return new HashCombinePerKey<>(fn, keys);
  }

  @Override
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
    if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          getName()
              + " combines batch input in the global window only, got "
              + input.getWindowingStrategy().getWindowFn());
    }
    @SuppressWarnings("unchecked")
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    CoderRegistry registry = input.getPipeline().getCoderRegistry();
    Coder<AccumT> accumulatorCoder;
    Coder<OutputT> outputCoder;
    try {
      accumulatorCoder = fn.getAccumulatorCoder(registry, inputCoder.getValueCoder());
      outputCoder = fn.getDefaultOutputCoder(registry, inputCoder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException("no coder for the accumulator or output of " + fn, e);
    }
    return input
        .apply("CombineInBundle", ParDo.of(new PartialFn<K, InputT, AccumT>(fn, maxKeys)))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), accumulatorCoder))
        .apply("MergePartials", Combine.perKey(new MergeFn<>(fn, accumulatorCoder, outputCoder)));
  }

  private static final class PartialFn<K, InputT, AccumT>
      extends DoFn<KV<K, InputT>, KV<K, AccumT>> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private final int maxKeys;
    private transient Map<K, AccumT> partials;

    PartialFn(CombineFn<InputT, AccumT, ?> fn, int maxKeys) {
      this.fn = fn;
      this.maxKeys = maxKeys;
    }

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<K, InputT> element, OutputReceiver<KV<K, AccumT>> out) {
      AccumT partial = partials.get(element.getKey());
      partials.put(
          element.getKey(),
          fn.addInput(partial == null ? fn.createAccumulator() : partial, element.getValue()));
      if (partials.size() > maxKeys) {
        partials.forEach((key, value) -> out.output(KV.of(key, value)));
        partials.clear();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      partials.forEach(
          (key, value) ->
              context.output(
                  KV.of(key, value), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      partials = null;
    }
  }

  /** The original combine, fed partial results instead of values. */
  private static final class MergeFn<InputT, AccumT, OutputT>
      extends CombineFn<AccumT, AccumT, OutputT> {
    private final CombineFn<InputT, AccumT, OutputT> fn;
    private final Coder<AccumT> accumulatorCoder;
    private final Coder<OutputT> outputCoder;

    MergeFn(
        CombineFn<InputT, AccumT, OutputT> fn,
        Coder<AccumT> accumulatorCoder,
        Coder<OutputT> outputCoder) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
      this.outputCoder = outputCoder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT accumulator, AccumT partial) {
      return fn.mergeAccumulators(List.of(accumulator, partial));
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> inputCoder) {
      return accumulatorCoder;
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> inputCoder) {
      return outputCoder;
    }
  }
}
