package io.pinpipe.runners.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.JarRun;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.testdata.SourceTables;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a user runs it: {@code java -jar pinpipe-direct.jar <pipeline> ...}. */
class DirectJarIT {
  @TempDir Path work;

  private JarRun run(String... args) throws Exception {
    return JarRun.of(work, List.of(), List.of(args));
  }

  @Test
  void demoRunsOnEmbeddedDefaultsAndWritesToPinpipeOut() throws Exception {
    JarRun run = run("demo");
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
    JarRun help = run("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().contains("clean") && help.stdout().contains("demo"), help.stdout());
    JarRun bad = run("clean", "--source=ftp", "--output=x");
    assertEquals(2, bad.exitCode());
    assertEquals("pinpipe clean: --source: expected raw or jdbc, got 'ftp'", bad.stderr().strip());
  }
}
