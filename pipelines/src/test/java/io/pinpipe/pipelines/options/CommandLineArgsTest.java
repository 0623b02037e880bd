package io.pinpipe.pipelines.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandLineArgsTest {
  @Test
  void theRunnerIsNamedAsBeamResolvesItAndTheLastOneWins() {
    assertEquals("direct", CommandLineArgs.runner(new String[] {"--output=o"}));
    assertEquals("flink", CommandLineArgs.runner(new String[] {"--runner=FlinkRunner"}));
    assertEquals(
        "flink",
        CommandLineArgs.runner(
            new String[] {"--runner=org.apache.beam.runners.flink.FlinkRunner"}));
    assertEquals("spark", CommandLineArgs.runner(new String[] {"--runner=spark"}));
    assertEquals(
        "direct",
        CommandLineArgs.runner(new String[] {"--runner=FlinkRunner", "--runner=DirectRunner"}));
  }

  @Test
  void anOptionIsSetBareOrWithAValueButNotByALongerName() {
    assertTrue(CommandLineArgs.isOption("--maxBundleSize=5", "maxBundleSize"));
    assertTrue(CommandLineArgs.isOption("--enforceImmutability", "enforceImmutability"));
    assertFalse(CommandLineArgs.isOption("--stateBackendFactory=x", "stateBackend"));
  }
}
