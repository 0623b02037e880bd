package io.pinpipe.transforms.analytics;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code Count.perElement()} of a batch collection, counted per bundle in a map first ({@link
 * HashCombinePerKey}).
 */
public final class CountPerElement<T> extends PTransform<PCollection<T>, PCollection<KV<T, Long>>> {
  public static <T> CountPerElement<T> of() {
    return new CountPerElement<>();
  }

  @Override
  public PCollection<KV<T, Long>> expand(PCollection<T> elements) {
    return elements
        .apply(
            "One",
            MapElements.via(
                new SimpleFunction<T, KV<T, Long>>() {
                  @Override
                  public KV<T, Long> apply(T element) {
                    return KV.of(element, 1L);
                  }
                }))
        .setCoder(KvCoder.of(elements.getCoder(), VarLongCoder.of()))
        .apply("Sum", HashCombinePerKey.of(Sum.ofLongs()));
  }
}
