package io.pinpipe.pipelines.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink runs a streaming job without checkpoints unless told to, and without them a restart after a
 * failure has no consistent state to resume from. The streaming pipelines therefore add {@code
 * --checkpointingInterval} when they run on Flink and the user gave none.
 *
 * <p>Without configured checkpoint storage Flink keeps checkpoints in the JobManager's memory and
 * refuses any operator state over 5 MiB: at 2,000 events/s the open windows pass that within a
 * minute, the checkpoint fails, and Flink restarts the job (which then replays). So on an embedded
 * Flink ({@code --flinkMaster} unset, {@code [auto]} or {@code [local]}) they also add {@code
 * --stateBackend=filesystem} with a local storage path unless the user chose a state backend. A
 * cluster ({@code --flinkMaster=host:port}) keeps its own {@code state.checkpoints.dir}.
 *
 * <p>A Flink operator passes a watermark on only between bundles; pinpipe's Flink jar carries a
 * patched {@code DoFnOperator} that also passes it on when a bundle finishes (Beam 2.70's never
 * did). So a bundle's time limit bounds how long a watermark waits in each step. Beam's default of
 * 1 s per step, over the speed layer's steps, kept windows late at low rates; so they add {@code
 * --maxBundleTimeMills=100} unless a bundle setting is given (Beam's 1000 elements stay the size
 * limit). 100 ms rather than 250: p99 freshness 0.1-0.7 s lower at 2,000 and 4,000 events/s, for
 * 7-12 % more CPU (bin/pinpipe-bench stream, docs/benchmarks.md).
 *
 * <p>Flink copies every element between two chained steps through its coder (encode, decode) unless
 * told the steps never change what they are given; in the speed layer those copies were 19 % of the
 * CPU (JFR at 2,000 events/s). pinpipe's steps never modify an input (Beam's rule, which the
 * DirectRunner enforces in every test), so they add {@code --fasterCopy=true} unless {@code
 * --fasterCopy} or {@code --objectReuse} is given.
 *
 * <p>This works on the arguments so the pipelines need not depend on the Flink runner.
 */
public final class FlinkStreamingDefaults {
  /**
   * Between checkpoints: short enough that a restart replays little, long enough to cost little.
   */
  public static final long INTERVAL_MILLIS = 60_000;

  /** Where an embedded Flink keeps checkpoints unless told otherwise. */
  public static final String LOCAL_STORAGE_PATH =
      Path.of(System.getProperty("java.io.tmpdir"), "pinpipe-flink-checkpoints").toUri().toString();

  /** Milliseconds a bundle may stay open: see the class comment. */
  public static final long MAX_BUNDLE_TIME_MILLIS = 100;

  private FlinkStreamingDefaults() {}

  /** {@code args} plus the defaults above, when they select Flink. */
  public static String[] apply(String[] args) {
    if (!CommandLineArgs.runner(args).equals("flink")) {
      return args;
    }
    boolean intervalGiven = false;
    boolean stateBackendGiven = false;
    boolean bundleSizeGiven = false;
    boolean copyGiven = false;
    String master = "[auto]";
    for (String arg : args) {
      if (CommandLineArgs.isOption(arg, "checkpointingInterval")) {
        intervalGiven = true;
      }
      if (CommandLineArgs.isOption(arg, "stateBackend")
          || CommandLineArgs.isOption(arg, "stateBackendFactory")
          || CommandLineArgs.isOption(arg, "stateBackendStoragePath")) {
        stateBackendGiven = true;
      }
      if (CommandLineArgs.isOption(arg, "maxBundleSize")
          || CommandLineArgs.isOption(arg, "maxBundleTimeMills")) {
        bundleSizeGiven = true;
      }
      if (CommandLineArgs.isOption(arg, "fasterCopy")
          || CommandLineArgs.isOption(arg, "objectReuse")) {
        copyGiven = true;
      }
      if (arg.startsWith("--flinkMaster=")) {
        master = arg.substring("--flinkMaster=".length());
      }
    }
    List<String> withDefaults = new ArrayList<>(List.of(args));
    if (!intervalGiven) {
      withDefaults.add("--checkpointingInterval=" + INTERVAL_MILLIS);
    }
    if (!bundleSizeGiven) {
      withDefaults.add("--maxBundleTimeMills=" + MAX_BUNDLE_TIME_MILLIS);
    }
    if (!copyGiven) {
      withDefaults.add("--fasterCopy=true");
    }
    boolean embedded = master.equals("[auto]") || master.equals("[local]");
    if (embedded && !stateBackendGiven) {
      withDefaults.add("--stateBackend=filesystem");
      withDefaults.add("--stateBackendStoragePath=" + LOCAL_STORAGE_PATH);
    }
    return withDefaults.toArray(String[]::new);
  }
}
