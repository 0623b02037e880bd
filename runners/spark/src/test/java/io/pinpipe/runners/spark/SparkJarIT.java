package io.pinpipe.runners.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user runs it, on Spark in local mode, with the add-opens flags Spark needs
 * on Java 17: {@code java -jar pinpipe-spark.jar <pipeline> --runner=SparkRunner
 * --sparkMaster=local[2] ...}.
 */
class SparkJarIT {
  private static final List<String> TABLES = List.of("pin", "geo", "user");

  /**
   * Every answer file of {@code analytics} (report.html is left out: it is a rendering of these).
   */
  static final List<String> ANSWERS =
      Stream.of("q1", "q2", "q3", "q3_top", "q4", "q5", "q6", "q7", "q8")
          .flatMap(q -> Stream.of(q + ".csv", q + ".json"))
          .collect(Collectors.toList());

  private static final List<String> RUNNER =
      List.of("--runner=SparkRunner", "--sparkMaster=local[2]");

  /**
   * Writers per table: clean's Spark parallelism (local[n]), above the export's fixed --numShards
   * (4), which they must not follow.
   */
  private static final int WRITERS = 6;

  /** The JVM flags of the pom's spark.add-opens property. */
  private static final List<String> ADD_OPENS =
      Arrays.asList(System.getProperty("pinpipe.spark.add-opens").trim().split("\\s+"));

  @TempDir Path work;

  record Run(int exitCode, String stdout, String stderr) {}

  private Run run(String jar, List<String> jvmOptions, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(io.pinpipe.pipelines.TestJvm.flags());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar));
    command.addAll(args);
    String name = args.get(0) + "-" + System.nanoTime();
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
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<String> args(String pipeline, List<String> runner, String... options) {
    List<String> all = new ArrayList<>(List.of(pipeline));
    all.addAll(runner);
    all.addAll(Arrays.asList(options));
    return all;
  }

  @Test
  void cleanMatchesTheGoldenFilesAndEveryAnalyticsAnswerMatchesTheDirectRunner() throws Exception {
    Path landing = work.resolve("landing");
    for (String table : TABLES) {
      LandingZone.write(landing, "pinpipe." + table, RealRows.lines(table), 1000);
    }
    Path out = work.resolve("out");
    String jar = System.getProperty("pinpipe.jar");

    Run clean =
        run(
            jar,
            ADD_OPENS,
            args(
                "clean",
                List.of("--runner=SparkRunner", "--sparkMaster=local[" + WRITERS + "]"),
                "--source=raw",
                "--input=" + landing,
                "--output=" + out,
                "--outputFormat=iceberg,jsonl"));
    assertEquals(0, clean.exitCode(), clean.stdout() + clean.stderr());
    for (String table : TABLES) {
      assertEquals(
          golden(table),
          jsonLines(out.resolve("curated").resolve(table)),
          table + ": curated JSON Lines equal the golden file");
      assertEquals(
          golden(table),
          LakeRows.embedded(out).batchView(Table.fromId(table)),
          table + ": the Iceberg batch view equals the golden file");
      assertEquals(
          String.valueOf(WRITERS),
          LakeRows.embedded(out).batchSummary(Table.fromId(table)).get("total-data-files"),
          table + ": one data file per parallel writer");
    }

    Run analytics = run(jar, ADD_OPENS, args("analytics", RUNNER, "--input=" + out));
    assertEquals(0, analytics.exitCode(), analytics.stdout() + analytics.stderr());
    Path direct = work.resolve("direct");
    // The reference: analytics on the DirectRunner in this JVM (DirectJarIT tests the Direct jar
    // itself),
    // so this module need not wait for runners/direct.
    AnalyticsPipeline.run(
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner", "--input=" + out, "--output=" + direct)
            .as(AnalyticsPipeline.Options.class));
    for (String answer : ANSWERS) {
      assertArrayEquals(
          Files.readAllBytes(direct.resolve("analytics").resolve(answer)),
          Files.readAllBytes(out.resolve("analytics").resolve(answer)),
          answer + " from SparkRunner is byte-identical to DirectRunner's");
    }
  }

  static List<String> jsonLines(Path dir) throws IOException {
    assertTrue(Files.isDirectory(dir), dir + " exists");
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().endsWith(".jsonl"))
              .sorted()
              .collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    lines.sort(null);
    return lines;
  }

  static List<String> golden(String table) throws IOException {
    try (InputStream in =
        SparkJarIT.class.getResourceAsStream(
            "/io/pinpipe/testdata/golden/curated-" + table + ".jsonl")) {
      assertTrue(in != null, "golden file for " + table);
      List<String> lines =
          new ArrayList<>(
              Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
      lines.removeIf(String::isEmpty);
      lines.sort(null);
      return lines;
    }
  }
}
