package io.pinpipe.pipelines.report;

import java.io.PrintStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;

/**
 * Runs a pipeline to the end, showing one progress line (records so far, from Beam metrics) that is
 * updated in place while it runs, when the terminal is interactive.
 */
public final class PipelineRunner {
  private PipelineRunner() {}

  /** Runs {@code pipeline}; throws if it ends in any state but DONE. */
  public static PipelineResult runToCompletion(Pipeline pipeline, PrintStream progress) {
    boolean interactive = System.console() != null;
    if (interactive) {
      doNotBlockOnRun(pipeline.getOptions());
    }
    PipelineResult result = pipeline.run();
    PipelineResult.State state;
    if (interactive) {
      while ((state = result.waitUntilFinish(Duration.millis(500))) == null
          || !state.isTerminal()) {
        progress.print("\r" + RunReport.progressLine(result) + "   ");
        progress.flush();
      }
      progress.print("\r" + RunReport.progressLine(result) + "   \n");
    } else {
      state = result.waitUntilFinish();
    }
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("pipeline ended in state " + state);
    }
    return result;
  }

  /**
   * The DirectRunner's run() blocks until the end by default, which leaves nothing to poll. Its
   * option is set reflectively so this module does not depend on one runner.
   */
  private static void doNotBlockOnRun(PipelineOptions options) {
    if (!"DirectRunner".equals(options.getRunner().getSimpleName())) {
      return;
    }
    try {
      Class<? extends PipelineOptions> direct =
          Class.forName("org.apache.beam.runners.direct.DirectOptions")
              .asSubclass(PipelineOptions.class);
      direct.getMethod("setBlockOnRun", boolean.class).invoke(options.as(direct), false);
    } catch (ReflectiveOperationException e) {
      // Not fatal: the run simply shows no progress line.
    }
  }
}
