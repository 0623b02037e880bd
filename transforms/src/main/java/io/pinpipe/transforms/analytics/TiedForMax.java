package io.pinpipe.transforms.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * "The most" of analytics.md: per group, every distinct item whose value is the group's highest
 * (rank-1 semantics, never an arbitrary one). Input and output: {@code (group, (item, value))}. A
 * combiner, so each bundle keeps only its current leaders before the shuffle ({@link
 * HashCombinePerKey}). Items may be null (q3's poster name).
 */
public final class TiedForMax<K, T>
    extends PTransform<PCollection<KV<K, KV<T, Long>>>, PCollection<KV<K, KV<T, Long>>>> {
  public static <K, T> TiedForMax<K, T> perGroup() {
    return new TiedForMax<>();
  }

  @Override
  public PCollection<KV<K, KV<T, Long>>> expand(PCollection<KV<K, KV<T, Long>>> items) {
    @SuppressWarnings("unchecked")
    KvCoder<K, KV<T, Long>> coder = (KvCoder<K, KV<T, Long>>) items.getCoder();
    @SuppressWarnings("unchecked")
    Coder<T> itemCoder = ((KvCoder<T, Long>) coder.getValueCoder()).getKeyCoder();
    return items
        .apply("Leaders", HashCombinePerKey.of(new LeadersFn<T>(NullableCoder.of(itemCoder))))
        .apply("EachLeader", ParDo.of(new EachLeaderFn<K, T>()))
        .setCoder(coder);
  }

  /** The highest value seen and the distinct items that have it. */
  static final class Leaders<T> {
    long max = Long.MIN_VALUE;
    final Set<T> items = new LinkedHashSet<>();

    Leaders<T> offer(T item, long value) {
      if (value > max) {
        max = value;
        items.clear();
      }
      if (value == max) {
        items.add(item);
      }
      return this;
    }
  }

  static final class LeadersFn<T> extends Combine.CombineFn<KV<T, Long>, Leaders<T>, Leaders<T>> {
    private final Coder<T> itemCoder;

    LeadersFn(Coder<T> itemCoder) {
      this.itemCoder = itemCoder;
    }

    @Override
    public Leaders<T> createAccumulator() {
      return new Leaders<>();
    }

    @Override
    public Leaders<T> addInput(Leaders<T> leaders, KV<T, Long> item) {
      return leaders.offer(item.getKey(), item.getValue());
    }

    @Override
    public Leaders<T> mergeAccumulators(Iterable<Leaders<T>> accumulators) {
      Leaders<T> merged = new Leaders<>();
      for (Leaders<T> leaders : accumulators) {
        leaders.items.forEach(item -> merged.offer(item, leaders.max));
      }
      return merged;
    }

    @Override
    public Leaders<T> extractOutput(Leaders<T> leaders) {
      return leaders;
    }

    @Override
    public Coder<Leaders<T>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<T, Long>> inputCoder) throws CannotProvideCoderException {
      return new LeadersCoder<>(itemCoder);
    }

    @Override
    public Coder<Leaders<T>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<T, Long>> inputCoder) throws CannotProvideCoderException {
      return new LeadersCoder<>(itemCoder);
    }
  }

  static final class LeadersCoder<T> extends CustomCoder<Leaders<T>> {
    private final Coder<T> itemCoder;

    LeadersCoder(Coder<T> itemCoder) {
      this.itemCoder = itemCoder;
    }

    @Override
    public void encode(Leaders<T> leaders, OutputStream out) throws IOException {
      VarLongCoder.of().encode(leaders.max, out);
      VarInt.encode(leaders.items.size(), out);
      for (T item : leaders.items) {
        itemCoder.encode(item, out);
      }
    }

    @Override
    public Leaders<T> decode(InputStream in) throws IOException {
      Leaders<T> leaders = new Leaders<>();
      leaders.max = VarLongCoder.of().decode(in);
      int n = VarInt.decodeInt(in);
      for (int i = 0; i < n; i++) {
        leaders.items.add(itemCoder.decode(in));
      }
      return leaders;
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(itemCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "a set's order depends on arrival");
    }
  }

  private static final class EachLeaderFn<K, T>
      extends DoFn<KV<K, Leaders<T>>, KV<K, KV<T, Long>>> {
    @ProcessElement
    public void process(@Element KV<K, Leaders<T>> group, OutputReceiver<KV<K, KV<T, Long>>> out) {
      for (T item : new ArrayList<>(group.getValue().items)) {
        out.output(KV.of(group.getKey(), KV.of(item, group.getValue().max)));
      }
    }
  }
}
