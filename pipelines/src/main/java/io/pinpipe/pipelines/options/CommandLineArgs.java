package io.pinpipe.pipelines.options;

import java.util.Locale;

/**
 * Reads raw {@code --name=value} arguments before Beam parses them, for the defaults that must be
 * decided from the arguments alone ({@link FlinkStreamingDefaults}, {@link
 * DirectRunnerChecksDefault}).
 */
final class CommandLineArgs {
  private CommandLineArgs() {}

  /**
   * True when {@code arg} sets the option {@code name}, as {@code --name} or {@code --name=value}.
   */
  static boolean isOption(String arg, String name) {
    return arg.equals("--" + name) || arg.startsWith("--" + name + "=");
  }

  /**
   * The runner the arguments select, as Beam resolves it: the last {@code --runner}, lower case,
   * without its package and without a {@code Runner} suffix ({@code direct}, {@code flink}, {@code
   * spark}, ...); {@code direct} when none is given.
   */
  static String runner(String[] args) {
    String runner = "direct";
    for (String arg : args) {
      if (arg.startsWith("--runner=")) {
        runner = arg.substring("--runner=".length()).toLowerCase(Locale.ROOT);
        runner = runner.substring(runner.lastIndexOf('.') + 1);
        if (runner.endsWith("runner") && runner.length() > "runner".length()) {
          runner = runner.substring(0, runner.length() - "runner".length());
        }
      }
    }
    return runner;
  }
}
