package io.pinpipe.pipelines.options;

import java.util.Arrays;
import java.util.Locale;

/**
 * Flink runs a streaming job without checkpoints unless told to, and without them a restart after a
 * failure has no consistent state to resume from. The streaming pipelines therefore add
 * {@code --checkpointingInterval} when they run on Flink and the user gave none. This works on the
 * arguments so the pipelines need not depend on the Flink runner.
 */
public final class FlinkCheckpointDefault {
  /** Between checkpoints: short enough that a restart replays little, long enough to cost little. */
  public static final long INTERVAL_MILLIS = 60_000;

  private FlinkCheckpointDefault() {}

  /** {@code args} plus {@code --checkpointingInterval=60000} when they select Flink and set no interval. */
  public static String[] apply(String[] args) {
    boolean flink = false;
    for (String arg : args) {
      if (arg.startsWith("--checkpointingInterval=") || arg.equals("--checkpointingInterval")) {
        return args;
      }
      if (arg.startsWith("--runner=")) {
        String runner = arg.substring("--runner=".length()).toLowerCase(Locale.ROOT);
        runner = runner.substring(runner.lastIndexOf('.') + 1);
        flink = runner.equals("flinkrunner") || runner.equals("flink");
      }
    }
    if (!flink) {
      return args;
    }
    String[] withDefault = Arrays.copyOf(args, args.length + 1);
    withDefault[args.length] = "--checkpointingInterval=" + INTERVAL_MILLIS;
    return withDefault;
  }
}
