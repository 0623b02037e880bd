package io.pinpipe.runners.direct.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar pinpipe-direct.jar ...} as a separate process, as a user runs it; output to a
 * log file.
 */
final class JarProcess {
  /** Exit status of a process ended by a signal is 128 + the signal; SIGKILL is 9. */
  static final int KILLED_BY_SIGKILL = 128 + 9;

  final Process process;
  final Path log;

  private JarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static JarProcess start(Path work, String name, List<String> args) throws Exception {
    return start(work, name, System.getProperty("pinpipe.jar"), args);
  }

  /** {@code java -jar <jar> args}: another of the project's runnable jars. */
  static JarProcess start(Path work, String name, String jar, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
    command.addAll(io.pinpipe.pipelines.TestJvm.flags());
    command.addAll(List.of("-jar", jar));
    command.addAll(args);
    Path log = work.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new JarProcess(process, log);
  }

  /** Runs to the end within {@code timeout} (killed and failed after it); the exit code. */
  static int run(Path work, String name, Duration timeout, List<String> args) throws Exception {
    JarProcess jar = start(work, name, args);
    if (!jar.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      jar.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("timed out after " + timeout + ": " + args + "\n" + jar.output());
    }
    return jar.process.exitValue();
  }

  /**
   * {@code kill -9}: {@link Process#destroyForcibly} sends SIGKILL on Linux, which the exit status
   * proves (no shutdown hook, no flush, no cleanup in the killed process).
   */
  void kill9() throws Exception {
    process.destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process died");
    assertEquals(KILLED_BY_SIGKILL, process.exitValue(), "ended by SIGKILL");
  }

  /** Stops a process that is still running at the end of a test (or of a failed one). */
  void stop() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  String output() throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
