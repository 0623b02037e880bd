package io.pinpipe.pipelines.stream;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code stream} on the DirectRunner in the background of a test, until what the test waits for
 * holds.
 */
public final class StreamRuns {
  private StreamRuns() {}

  /**
   * Runs {@code stream} with {@code args} until {@code done} holds or {@code timeout} passes, then
   * for {@code grace} more (for anything that would, wrongly, still arrive), and cancels it.
   * Returns whether {@code done} held.
   */
  public static boolean runUntil(
      List<String> args, Duration timeout, BooleanSupplier done, Duration grace) throws Exception {
    return runUntil(args, timeout, done, grace, result -> {});
  }

  /**
   * {@link #runUntil(List, Duration, BooleanSupplier, Duration)}, handing the run's result (its
   * counters) to {@code cancelled} once it is cancelled.
   */
  public static boolean runUntil(
      List<String> args,
      Duration timeout,
      BooleanSupplier done,
      Duration grace,
      java.util.function.Consumer<PipelineResult> cancelled)
      throws Exception {
    StreamPipeline.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .as(StreamPipeline.Options.class);
    options.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.buildPipeline(pipeline, options);
    PipelineResult result = pipeline.run();
    boolean held;
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!(held = done.getAsBoolean()) && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      Thread.sleep(grace.toMillis());
    } finally {
      result.cancel();
    }
    cancelled.accept(result);
    return held;
  }
}
