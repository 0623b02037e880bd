package io.pinpipe.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A documented command run the way a reader runs it: {@code bash -c <text>} in a working directory,
 * output to a log file (a long run never blocks on a full pipe). {@link #start} for the commands
 * that run until stopped, which {@link Running#interrupt} stops as Ctrl-C does.
 */
final class Shell {
  private Shell() {}

  record Finished(int exit, String output) {}

  static final class Running {
    private final Process process;
    private final Path log;
    private final String command;

    private Running(Process process, Path log, String command) {
      this.process = process;
      this.log = log;
      this.command = command;
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e.getMessage() + ")";
      }
    }

    boolean alive() {
      return process.isAlive();
    }

    /** Ctrl-C: SIGINT to the command (bin/pinpipe execs the JVM, so that is the JVM). */
    int interrupt(Duration grace) throws Exception {
      if (process.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
            .inheritIO()
            .start()
            .waitFor();
      }
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "'" + command + "' did not stop within " + grace + " of Ctrl-C:\n" + output());
      }
      return process.exitValue();
    }

    void kill() {
      process.destroyForcibly();
    }
  }

  static Running start(String command, Path directory, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    return new Running(builder.start(), log, command);
  }

  static Finished run(String command, Path directory, Path log, Duration timeout) throws Exception {
    Running running = start(command, directory, log);
    if (!running.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      running.kill();
      throw new AssertionError(
          "'" + command + "' did not finish within " + timeout + ":\n" + running.output());
    }
    return new Finished(running.process.exitValue(), running.output());
  }

  static void await(
      Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("after " + timeout + ": " + failure.get());
      }
      Thread.sleep(500);
    }
  }
}
