package io.pinpipe.pipelines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the jar under test ({@code -Dpinpipe.jar}) as a user runs it: {@code java <flags> -jar
 * <jar> <args>} in a JVM of its own, in {@code work}, to the end; its exit code and output.
 */
public record JarRun(int exitCode, String stdout, String stderr) {

  public static JarRun of(Path work, List<String> jvmOptions, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(TestJvm.flags());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", System.getProperty("pinpipe.jar")));
    command.addAll(args);
    String name = (args.isEmpty() ? "run" : args.get(0)) + "-" + System.nanoTime();
    Path out = work.resolve(name + ".stdout.txt");
    Path err = work.resolve(name + ".stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new JarRun(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
