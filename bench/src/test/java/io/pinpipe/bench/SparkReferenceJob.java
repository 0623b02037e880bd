package io.pinpipe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Spark reference (bench/spark-reference) in a JVM of its own, as bin/pinpipe-bench starts it:
 * its class path cannot share one with Beam's.
 */
final class SparkReferenceJob {
  private static final long TIMEOUT_SECONDS = 300;

  private SparkReferenceJob() {}

  /**
   * Runs {@code SparkReference <args>}; its output (stdout and stderr) as lines, or fails with its
   * tail.
   */
  static List<String> run(Path log, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(io.pinpipe.pipelines.TestJvm.flags());
    command.addAll(Arrays.asList(property("pinpipe.spark.add-opens").trim().split("\\s+")));
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(
        property("pinpipe.spark-reference.classes")
            + java.io.File.pathSeparator
            + Files.readString(Path.of(property("pinpipe.spark-reference.classpath-file"))).trim());
    command.add("io.pinpipe.bench.spark.SparkReference");
    command.addAll(Arrays.asList(args));
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Local mode needs nothing of the environment; SPARK_HOME or HADOOP_CONF_DIR would change it.
    builder.environment().remove("SPARK_HOME");
    builder.environment().remove("HADOOP_CONF_DIR");
    Process spark = builder.start();
    if (!spark.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      spark.destroyForcibly();
      throw new AssertionError(
          "the Spark reference did not finish in "
              + TIMEOUT_SECONDS
              + " s; its log:\n"
              + tail(log));
    }
    if (spark.exitValue() != 0) {
      throw new AssertionError(
          "the Spark reference failed (exit " + spark.exitValue() + "); its log:\n" + tail(log));
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run this test with Maven (bench/pom.xml)");
    }
    return value;
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
