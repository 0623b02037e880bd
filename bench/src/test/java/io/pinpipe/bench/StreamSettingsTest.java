package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {
  private static final List<String> OWN =
      List.of(
          "--runner=flink",
          "--rate=2000",
          "--seconds=60",
          "--window=10s",
          "--kafkaBootstrap=127.0.0.1:29192",
          "--topicPrefix=bench-1",
          "--output=/tmp/out",
          "--log=/tmp/p.log",
          "--gcLog=/tmp/p.gc.log");
  private static final List<String> COMMAND =
      List.of("--", "java", "-jar", "pinpipe-flink.jar", "stream", "--window=10s");

  @Test
  void ownOptionsAndThePipelineCommandAreSplitAtTheFirstDoubleDash() {
    StreamSettings s = StreamSettings.parse(args(OWN, COMMAND));
    assertEquals(2_000, s.eventsPerSecond());
    assertEquals(60, s.seconds());
    assertEquals(10_000, s.windowMillis());
    assertEquals(Path.of("/tmp/out"), s.output());
    assertEquals("stream", s.label());
    assertEquals(1, s.seed());
    assertEquals(
        List.of("java", "-jar", "pinpipe-flink.jar", "stream", "--window=10s"),
        s.pipelineCommand());
  }

  @Test
  void theWarmUpAtRateDefaultsToTwentySecondsAndMayBeNone() {
    assertEquals(
        StreamSettings.DEFAULT_WARMUP_SECONDS,
        StreamSettings.parse(args(OWN, COMMAND)).warmupSeconds());
    List<String> none = new ArrayList<>(OWN);
    none.add("--warmup=0");
    assertEquals(0, StreamSettings.parse(args(none, COMMAND)).warmupSeconds());
    List<String> negative = new ArrayList<>(OWN);
    negative.add("--warmup=-5");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> StreamSettings.parse(args(negative, COMMAND)));
    assertEquals("--warmup: must be 0 or more, got -5", e.getMessage());
  }

  @Test
  void theWindowTakesThePipelinesDurationForms() {
    assertEquals(
        500,
        StreamSettings.parse(args(replace("--window=", "--window=500ms"), COMMAND)).windowMillis());
    assertEquals(
        60_000,
        StreamSettings.parse(args(replace("--window=", "--window=1m"), COMMAND)).windowMillis());
  }

  @Test
  void withoutAPipelineCommandItFails() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> StreamSettings.parse(args(OWN, List.of())));
    assertTrue(e.getMessage().contains("--"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> StreamSettings.parse(args(OWN, List.of("--"))));
  }

  @Test
  void aRateOrDurationThatIsNotAPositiveWholeNumberFailsNamingTheOption() {
    assertMessage("--rate: must be at least 1, got 0", replace("--rate=", "--rate=0"));
    assertMessage("--rate: expected a whole number, got '2k'", replace("--rate=", "--rate=2k"));
    assertMessage(
        "--seconds: expected a whole number, got '1.5'", replace("--seconds=", "--seconds=1.5"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamSettings.parse(args(replace("--window=", "--window=10 s"), COMMAND)));
    assertTrue(e.getMessage().contains("window"), e.getMessage());
  }

  @Test
  void watchChoosesTheTablesOrTheFilesAndNothingElse() {
    assertFalse(StreamSettings.parse(args(OWN, COMMAND)).watchTables(), "files by default");
    List<String> tables = new ArrayList<>(OWN);
    tables.add("--watch=tables");
    assertTrue(StreamSettings.parse(args(tables, COMMAND)).watchTables());
    List<String> other = new ArrayList<>(OWN);
    other.add("--watch=topics");
    assertMessage("--watch: expected tables or files, got 'topics'", other);
  }

  @Test
  void aMissingRequiredOrUnknownOptionFails() {
    List<String> withoutOutput = new ArrayList<>(OWN);
    withoutOutput.removeIf(a -> a.startsWith("--output="));
    assertMessage("--output is required", withoutOutput);
    List<String> unknown = new ArrayList<>(OWN);
    unknown.add("--rates=2000");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> StreamSettings.parse(args(unknown, COMMAND)));
    assertTrue(e.getMessage().startsWith("unknown option --rates"), e.getMessage());
  }

  private static void assertMessage(String expected, List<String> own) {
    assertEquals(
        expected,
        assertThrows(IllegalArgumentException.class, () -> StreamSettings.parse(args(own, COMMAND)))
            .getMessage());
  }

  private static List<String> replace(String prefix, String with) {
    List<String> own = new ArrayList<>(OWN);
    own.replaceAll(a -> a.startsWith(prefix) ? with : a);
    return own;
  }

  private static String[] args(List<String> own, List<String> command) {
    List<String> all = new ArrayList<>(own);
    all.addAll(command);
    return all.toArray(new String[0]);
  }
}
