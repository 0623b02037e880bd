package io.pinpipe.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionValuesTest {
  @TempDir Path dir;

  @Test
  void durationsTakeMillisecondsSecondsAndMinutesWithSecondsTheDefault() {
    assertEquals(Duration.ofMillis(500), Durations.parse("d", "500ms", Duration.ZERO));
    assertEquals(Duration.ofSeconds(30), Durations.parse("d", " 30s ", Duration.ZERO));
    assertEquals(Duration.ofSeconds(30), Durations.parse("d", "30", Duration.ZERO));
    assertEquals(Duration.ofMinutes(2), Durations.parse("d", "2m", Duration.ZERO));
    assertEquals(Duration.ZERO, Durations.parse("d", "0s", Duration.ZERO));
  }

  @Test
  void aBadOrTooShortDurationNamesTheOptionInOneLine() {
    assertEquals(
        "--window: expected a duration such as 60s, 500ms or 2m, got '1h'",
        assertThrows(
                InvalidOptionException.class, () -> Durations.parse("window", "1h", Duration.ZERO))
            .getMessage());
    assertEquals(
        "--window: must be more than zero",
        assertThrows(
                InvalidOptionException.class,
                () -> Durations.parse("window", "0ms", Duration.ofMillis(1)))
            .getMessage());
    assertEquals(
        "--produceTimeout: must be at least 100ms, got '50ms'",
        assertThrows(
                InvalidOptionException.class,
                () -> Durations.parse("produceTimeout", "50ms", Duration.ofMillis(100)))
            .getMessage());
  }

  @Test
  void aSecretIsTheFirstLineOfItsFile() throws Exception {
    Path file = dir.resolve("password");
    Files.writeString(file, "s3cret \r\nsecond line\n", StandardCharsets.UTF_8);
    assertEquals("s3cret", SecretFiles.firstLine("jdbcPasswordFile", file.toString()));
    assertEquals(
        "--jdbcPasswordFile: no such file: " + dir.resolve("none"),
        assertThrows(
                InvalidOptionException.class,
                () -> SecretFiles.firstLine("jdbcPasswordFile", dir.resolve("none").toString()))
            .getMessage());
  }

  @Test
  void kafkaPropertiesAreReadAsJavaProperties() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_SSL\n# a comment\nsasl.mechanism = PLAIN\n");
    var properties = KafkaPropertiesFile.load("kafkaPropertiesFile", file.toString());
    assertEquals(2, properties.size());
    assertEquals("PLAIN", properties.getProperty("sasl.mechanism"));

    Files.writeString(file, "bad=\\uZZZZ\n");
    String message =
        assertThrows(
                InvalidOptionException.class,
                () -> KafkaPropertiesFile.load("kafkaPropertiesFile", file.toString()))
            .getMessage();
    assertEquals(
        true,
        message.startsWith("--kafkaPropertiesFile: cannot read " + file + " as Java properties"),
        message);
  }

  enum Position {
    TRIM_HORIZON,
    LATEST
  }

  @Test
  void choicesTakeTheNamesInAnyCaseAndListThemWhenWrong() {
    assertEquals(Position.LATEST, Choices.of(Position.class, "latest"));
    assertEquals(Position.TRIM_HORIZON, Choices.of(Position.class, "TRIM_HORIZON"));
    assertEquals(
        "expected trim_horizon or latest, got 'now'",
        assertThrows(IllegalArgumentException.class, () -> Choices.of(Position.class, "now"))
            .getMessage());
  }
}
