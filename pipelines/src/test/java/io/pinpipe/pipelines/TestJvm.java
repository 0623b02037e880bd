package io.pinpipe.pipelines;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JVM flags for the java processes tests start (the build's test.jvm.flags), one place for all.
 */
public final class TestJvm {
  private TestJvm() {}

  /** The flags, e.g. {@code [-XX:TieredStopAtLevel=1]}; none outside a Maven test run. */
  public static List<String> flags() {
    return Arrays.stream(System.getProperty("pinpipe.test.jvm.flags", "").trim().split("\\s+"))
        .filter(flag -> !flag.isEmpty())
        .collect(Collectors.toList());
  }
}
