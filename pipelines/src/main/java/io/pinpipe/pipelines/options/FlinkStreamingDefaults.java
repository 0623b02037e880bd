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
 * <p>Beam 2.70's Flink {@code DoFnOperator} does not pass a watermark on while a bundle is open,
 * and does not pass it on when that bundle finishes either: the watermark waits for the next one
 * that happens to arrive between bundles. Under steady input a bundle is nearly always open, so the
 * watermark stood still until the input paused and windows were written tens of seconds late
 * (measured with {@code bin/pinpipe-bench stream}). One element per bundle leaves no open bundle
 * for a watermark to wait behind, so they also add {@code --maxBundleSize=1} unless given.
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

  /** Elements per bundle: see the class comment. */
  public static final long MAX_BUNDLE_SIZE = 1;

  private FlinkStreamingDefaults() {}

  /** {@code args} plus the defaults above, when they select Flink. */
  public static String[] apply(String[] args) {
    if (!CommandLineArgs.runner(args).equals("flink")) {
      return args;
    }
    boolean intervalGiven = false;
    boolean stateBackendGiven = false;
    boolean bundleSizeGiven = false;
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
      if (CommandLineArgs.isOption(arg, "maxBundleSize")) {
        bundleSizeGiven = true;
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
      withDefaults.add("--maxBundleSize=" + MAX_BUNDLE_SIZE);
    }
    boolean embedded = master.equals("[auto]") || master.equals("[local]");
    if (embedded && !stateBackendGiven) {
      withDefaults.add("--stateBackend=filesystem");
      withDefaults.add("--stateBackendStoragePath=" + LOCAL_STORAGE_PATH);
    }
    return withDefaults.toArray(String[]::new);
  }
}
