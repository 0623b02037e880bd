package io.pinpipe.transforms.analytics;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The lower median ({@link Medians}) of the values of each group. A group's values are sorted in
 * memory: 8 bytes a value, so tens of millions of posts per group still fit a worker.
 */
public final class MedianPerGroup extends PTransform<PCollection<KV<String, Long>>, PCollection<KV<String, Long>>> {
  public static MedianPerGroup lower() {
    return new MedianPerGroup();
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<KV<String, Long>> values) {
    return values.apply("GroupValues", GroupByKey.create()).apply("LowerMedian", ParDo.of(new MedianFn()));
  }

  private static final class MedianFn extends DoFn<KV<String, Iterable<Long>>, KV<String, Long>> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Long>> group, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of(group.getKey(), Medians.lower(group.getValue())));
    }
  }
}
