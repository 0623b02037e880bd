package io.pinpipe.pipelines.options;

import java.util.ArrayList;
import java.util.List;

/**
 * The DirectRunner re-encodes every element and checks it for mutation after each step. Those
 * checks exist to catch DoFn bugs in tests (where {@code TestPipeline} keeps them on), and they
 * take about a third of the demo's time. A user-facing run on the DirectRunner therefore turns them
 * off unless the user set them. This works on the arguments so the pipelines need not depend on the
 * DirectRunner's options, which only exist where that runner is on the class path.
 */
public final class DirectRunnerChecksDefault {
  static final List<String> CHECKS = List.of("enforceImmutability", "enforceEncodability");

  private DirectRunnerChecksDefault() {}

  /**
   * {@code args} plus {@code --<check>=false} for each check not set, when they select the
   * DirectRunner.
   */
  public static String[] apply(String[] args) {
    if (!CommandLineArgs.runner(args).equals("direct")) {
      return args;
    }
    List<String> unset = new ArrayList<>(CHECKS);
    for (String arg : args) {
      unset.removeIf(check -> CommandLineArgs.isOption(arg, check));
    }
    List<String> withDefaults = new ArrayList<>(List.of(args));
    unset.forEach(check -> withDefaults.add("--" + check + "=false"));
    return withDefaults.toArray(String[]::new);
  }
}
