package io.pinpipe.transforms;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What differs on the DirectRunner: after a GroupByKey it hands each key's output on as a bundle of
 * its own, with a cost per bundle. Flink and Spark run a batch step's whole partition as one
 * bundle. Steps that group many keys, or write a file per bundle, ask here how to key their groups.
 */
public final class DirectRunnerBundles {
  private DirectRunnerBundles() {}

  /** By the runner's name: the transforms do not depend on the DirectRunner. */
  public static boolean isDirect(PipelineOptions options) {
    return options.getRunner() != null
        && options.getRunner().getSimpleName().equals("DirectRunner");
  }

  /** Groups to make on the DirectRunner: one per core, as many as its threads. */
  public static int groups() {
    return Runtime.getRuntime().availableProcessors();
  }
}
