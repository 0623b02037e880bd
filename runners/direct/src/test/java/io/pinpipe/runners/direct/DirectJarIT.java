package io.pinpipe.runners.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.testdata.SourceTables;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a user runs it: {@code java -jar pinpipe-direct.jar <pipeline> ...}. */
class DirectJarIT {
  @TempDir Path work;

  record Run(int exitCode, String stdout, String stderr) {}

  private Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(io.pinpipe.pipelines.TestJvm.flags());
    command.addAll(List.of("-jar", System.getProperty("pinpipe.jar")));
    command.addAll(List.of(args));
    Path out = work.resolve("stdout.txt");
    Path err = work.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void demoRunsOnEmbeddedDefaultsAndWritesToPinpipeOut() throws Exception {
    Run run = run("demo");
    assertEquals(0, run.exitCode(), run.stderr());
    for (Table table : Table.values()) {
      long rows = SourceTables.originalShape(table.id()).size();
      assertTrue(
          run.stdout()
              .matches(
                  "(?s).*\\n"
                      + table.id()
                      + " +"
                      + rows
                      + " +"
                      + rows
                      + " +"
                      + rows
                      + " +0 +0\\n.*"),
          table
              + ": read, curated, after dedup, no dead letters or key conflicts\n"
              + run.stdout());
      assertEquals(
          rows,
          LakeRows.embedded(work.resolve("pinpipe-out")).batchView(table).size(),
          table
              + ": the Iceberg batch view in pinpipe-out/warehouse holds every row of the demo database");
    }
    assertTrue(
        Files.exists(work.resolve("pinpipe-out/warehouse/pinpipe/pin/metadata/version-hint.text")),
        "an embedded (Hadoop) catalog");
    assertTrue(
        !run.stderr().contains(" INFO "), "INFO logging is off in the jar:\n" + run.stderr());
  }

  @Test
  void listsPipelinesAndRejectsBadOptionsWithExitCodeTwo() throws Exception {
    Run help = run("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().contains("clean") && help.stdout().contains("demo"), help.stdout());
    Run bad = run("clean", "--source=ftp", "--output=x");
    assertEquals(2, bad.exitCode());
    assertEquals("pinpipe clean: --source: expected raw or jdbc, got 'ftp'", bad.stderr().strip());
  }
}
