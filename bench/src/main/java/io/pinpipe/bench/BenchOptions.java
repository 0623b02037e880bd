package io.pinpipe.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} arguments of the bench mains; an unknown or malformed one is an error. */
final class BenchOptions {
  private BenchOptions() {}

  static Map<String, String> parse(String[] args, Collection<String> known) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      String name = arg.substring(2, eq);
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + ": expected one of " + known);
      }
      options.put(name, arg.substring(eq + 1));
    }
    return options;
  }

  static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
