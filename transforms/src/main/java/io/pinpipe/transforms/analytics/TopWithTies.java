package io.pinpipe.transforms.analytics;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * "The most" of analytics.md: counts {@code (group, item)} pairs and keeps, per group, every item
 * tied for the highest count (rank-1 semantics, never an arbitrary one). Output: {@code (group,
 * (item, count))}.
 */
public final class TopWithTies
    extends PTransform<PCollection<KV<String, String>>, PCollection<KV<String, KV<String, Long>>>> {
  public static TopWithTies perGroup() {
    return new TopWithTies();
  }

  @Override
  public PCollection<KV<String, KV<String, Long>>> expand(PCollection<KV<String, String>> pairs) {
    return pairs
        .apply("CountPairs", Count.perElement())
        .apply("ByGroup", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs())))
            .via((KV<KV<String, String>, Long> c) -> KV.of(c.getKey().getKey(), KV.of(c.getKey().getValue(), c.getValue()))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
        .apply("GroupCounts", GroupByKey.create())
        .apply("KeepTied", ParDo.of(new KeepTiedFn()));
  }

  private static final class KeepTiedFn extends DoFn<KV<String, Iterable<KV<String, Long>>>, KV<String, KV<String, Long>>> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, Long>>> group, OutputReceiver<KV<String, KV<String, Long>>> out) {
      long max = Long.MIN_VALUE;
      List<KV<String, Long>> best = new ArrayList<>();
      for (KV<String, Long> item : group.getValue()) {
        if (item.getValue() > max) {
          max = item.getValue();
          best.clear();
        }
        if (item.getValue() == max) {
          best.add(item);
        }
      }
      for (KV<String, Long> item : best) {
        out.output(KV.of(group.getKey(), item));
      }
    }
  }
}
