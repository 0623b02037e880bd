package io.pinpipe.pipelines;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's headless Chromium for the tests that look at a page as a reader's browser shows it (the
 * analytics report, the serving layer's live page): installs it when missing ({@code
 * bin/ensure-chromium}), runs it with no network of its own and a fresh profile, and reads back
 * what it printed (the rendered DOM, its log).
 */
public final class Chromium {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  public static final long TIMEOUT_SECONDS = 60;

  /** The flags of every run: no network, no sandbox (root), nothing in the background. */
  public static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private Chromium() {}

  /** What one run printed. */
  public static final class Run {
    public final int exit;
    public final String stdout;
    public final String stderr;

    Run(int exit, String stdout, String stderr) {
      this.exit = exit;
      this.stdout = stdout;
      this.stderr = stderr;
    }
  }

  /**
   * Installs chromium with {@code bin/ensure-chromium} unless it is there; fails the test when it
   * cannot.
   */
  public static void ensureInstalled() throws Exception {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    Path script = LocalStack.root().resolve("bin/ensure-chromium");
    assertTrue(Files.isRegularFile(script), "no " + script + " to install chromium with");
    Path log = Files.createTempFile("ensure-chromium", ".log");
    long start = System.nanoTime();
    Process install =
        new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    boolean done = install.waitFor(15, TimeUnit.MINUTES);
    if (!done) {
      destroyTree(install);
    }
    String output = Files.readString(log);
    System.out.println(output);
    System.out.printf(
        Locale.ROOT, "ensure-chromium took %.1f s%n", (System.nanoTime() - start) / 1e9);
    if (!done || install.exitValue() != 0 || !Files.isExecutable(BINARY)) {
      fail(
          "bin/ensure-chromium could not install chromium ("
              + (done ? "exit " + install.exitValue() : "timed out")
              + "):\n"
              + output);
    }
  }

  /**
   * Runs chromium with {@link #FLAGS}, a new profile under {@code work} and {@code args}; destroys
   * it after 60 s.
   */
  public static Run run(Path work, String... args) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      destroyTree(process);
      fail(
          "chromium did not finish within "
              + TIMEOUT_SECONDS
              + " s: "
              + command
              + "\n"
              + Files.readString(err));
    }
    // Children of the browser (renderer, zygote) that outlived it.
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  public static void destroyTree(Process process) throws InterruptedException {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * The lines of chromium's log that are JavaScript or console errors of the page at {@code source}
   * (its URL): console messages ({@code CONSOLE(n)} in older builds, {@code CONSOLE:n} in newer
   * ones, logged at INFO whatever their level) whose source is the page, and any {@code Uncaught …}
   * or {@code SyntaxError}. pinpipe's pages have no scripts, so any console message from one is an
   * error (a blocked script, say). Chromium's noise about D-Bus, the GPU, the sandbox and so on is
   * not.
   */
  public static List<String> pageErrors(String stderr, String... sources) {
    return stderr
        .lines()
        .filter(
            line ->
                ((line.contains("CONSOLE(")
                            || line.contains(":CONSOLE:")
                            || line.contains("CONSOLE]"))
                        && List.of(sources).stream().anyMatch(line::contains))
                    || line.contains("Uncaught")
                    || line.contains("SyntaxError"))
        .collect(Collectors.toList());
  }
}
