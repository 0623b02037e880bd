package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.options.InvalidOptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestOptionsTest {
  @TempDir Path dir;

  @Test
  void defaultsNeedOnlyKeys() throws Exception {
    IngestOptions options = IngestOptions.parse(new String[0], Map.of("PINPIPE_API_KEYS", "a, b,"));
    assertEquals(8082, options.port());
    assertEquals("127.0.0.1", options.bind());
    assertEquals(1048576, options.maxRequestBytes());
    assertEquals(Duration.ofSeconds(10), options.produceTimeout());
    assertEquals(2, options.apiKeys().size());
    assertTrue(options.apiKeys().accepts("b"));
    assertTrue(!options.apiKeys().accepts("c") && !options.apiKeys().accepts(""));
  }

  @Test
  void keysComeFromAFileWithComments() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("keys"), "# ops\nfirst-key\n\nsecond-key\n", StandardCharsets.UTF_8);
    IngestOptions options =
        IngestOptions.parse(
            new String[] {"--apiKeysFile=" + file, "--produceTimeout=500ms"}, Map.of());
    assertEquals(2, options.apiKeys().size());
    assertTrue(options.apiKeys().accepts("second-key"));
    assertEquals(Duration.ofMillis(500), options.produceTimeout());
  }

  @Test
  void keysAuthWithoutKeysFailsAtStartup() {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class, () -> IngestOptions.parse(new String[0], Map.of()));
    assertTrue(e.getMessage().startsWith("--auth=keys: no API keys configured"), e.getMessage());
  }

  @Test
  void badOptionsNameTheOption() {
    for (String bad :
        List.of(
            "--port=99999",
            "--auth=maybe",
            "--produceTimeout=50ms",
            "--maxRequestBytes=-1",
            "--allowTopicAutoCreate=yes",
            "--kinesisEndpoint=localhost:4568",
            "--frobnicate=1",
            "--bind=")) {
      String name = bad.substring(0, bad.indexOf('='));
      InvalidOptionException e =
          assertThrows(
              InvalidOptionException.class,
              () -> IngestOptions.parse(new String[] {bad}, Map.of("PINPIPE_API_KEYS", "k")),
              bad);
      assertTrue(e.getMessage().startsWith(name + ":"), e.getMessage());
    }
  }

  @Test
  void mainExitsWith2AndOneLineOnABadOption() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IngestApi.class.getName(),
                "--port=http")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, process.waitFor());
    assertEquals("pinpipe api: --port: expected a whole number 0..65535, got 'http'\n", output);
  }
}
