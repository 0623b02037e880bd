package io.pinpipe.transforms.analytics;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * "The most popular category": counts {@code (group, category)} pairs and keeps, per group, every
 * category tied for the highest count ({@link TiedForMax}). Output: {@code (group, (category,
 * count))}.
 */
public final class TopWithTies<G>
    extends PTransform<PCollection<KV<G, String>>, PCollection<KV<G, KV<String, Long>>>> {
  public static <G> TopWithTies<G> perGroup() {
    return new TopWithTies<>();
  }

  @Override
  public PCollection<KV<G, KV<String, Long>>> expand(PCollection<KV<G, String>> pairs) {
    @SuppressWarnings("unchecked")
    KvCoder<G, String> pairCoder = (KvCoder<G, String>) pairs.getCoder();
    return pairs
        .apply("CountPairs", CountPerElement.of())
        .apply("ByGroup", ParDo.of(new ByGroupFn<G>()))
        .setCoder(
            KvCoder.of(
                pairCoder.getKeyCoder(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
        .apply("KeepTied", TiedForMax.perGroup());
  }

  private static final class ByGroupFn<G>
      extends DoFn<KV<KV<G, String>, Long>, KV<G, KV<String, Long>>> {
    @ProcessElement
    public void process(
        @Element KV<KV<G, String>, Long> count, OutputReceiver<KV<G, KV<String, Long>>> out) {
      out.output(
          KV.of(count.getKey().getKey(), KV.of(count.getKey().getValue(), count.getValue())));
    }
  }
}
