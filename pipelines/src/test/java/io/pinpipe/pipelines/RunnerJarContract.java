package io.pinpipe.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every runner's jar must do as a user runs it ({@code java -jar pinpipe-<runner>.jar
 * <pipeline> ...}): {@code clean} gives exactly the golden rows, in the Iceberg batch views and the
 * JSON Lines export, with one data file per parallel writer (the writers follow the runner's
 * parallelism, above the export's fixed {@code --numShards} of 4); {@code analytics} over them
 * gives answers byte-identical to the DirectRunner's. A runner module's IT extends it with its own
 * command line.
 */
public abstract class RunnerJarContract {
  /** Every answer file of {@code analytics} (report.html is a rendering of these). */
  public static final List<String> ANSWERS =
      Stream.of("q1", "q2", "q3", "q3_top", "q4", "q5", "q6", "q7", "q8")
          .flatMap(q -> Stream.of(q + ".csv", q + ".json"))
          .collect(Collectors.toList());

  /** Writers per table asked of the runner. */
  protected static final int WRITERS = 6;

  @TempDir protected Path work;

  /** The runner's name in messages, e.g. {@code FlinkRunner}. */
  protected abstract String runnerName();

  /** JVM flags the runner needs before {@code -jar}. */
  protected abstract List<String> jvmOptions();

  /** The runner's options for a run with {@code writers} parallel writers. */
  protected abstract List<String> runnerOptions(int writers);

  /** The runner's options for a run at its default parallelism. */
  protected abstract List<String> runnerOptions();

  @Test
  void cleanMatchesTheGoldenFilesAndEveryAnalyticsAnswerMatchesTheDirectRunner() throws Exception {
    Path landing = work.resolve("landing");
    for (Table table : Table.values()) {
      LandingZone.write(landing, table.topic("pinpipe"), RealRows.lines(table.id()), 1000);
    }
    Path out = work.resolve("out");
    JarRun clean =
        run(
            args(
                "clean",
                runnerOptions(WRITERS),
                "--source=raw",
                "--input=" + landing,
                "--output=" + out,
                "--outputFormat=iceberg,jsonl"));
    assertEquals(0, clean.exitCode(), clean.stdout() + clean.stderr());
    for (Table table : Table.values()) {
      assertEquals(
          GoldenRows.sorted(table.id()),
          OutputFiles.jsonLines(out.resolve("curated").resolve(table.id())),
          table + ": curated JSON Lines equal the golden file");
      assertEquals(
          GoldenRows.sorted(table.id()),
          LakeRows.embedded(out).batchView(table),
          table + ": the Iceberg batch view equals the golden file");
      assertEquals(
          String.valueOf(WRITERS),
          LakeRows.embedded(out).batchSummary(table).get("total-data-files"),
          table + ": one data file per parallel writer");
    }

    JarRun analytics = run(args("analytics", runnerOptions(), "--input=" + out));
    assertEquals(0, analytics.exitCode(), analytics.stdout() + analytics.stderr());
    // The reference: analytics on the DirectRunner in this JVM (DirectJarIT tests the Direct jar
    // itself), so a runner module need not wait for runners/direct. Without the DirectRunner's
    // element checks, as bin/pinpipe runs it: AnalyticsPipelineTest keeps them on these steps.
    Path direct = work.resolve("direct");
    AnalyticsPipeline.run(
        PipelineOptionsFactory.fromArgs(
                DirectRunnerChecksDefault.apply(
                    new String[] {"--runner=DirectRunner", "--input=" + out, "--output=" + direct}))
            .as(AnalyticsPipeline.Options.class));
    for (String answer : ANSWERS) {
      assertArrayEquals(
          Files.readAllBytes(direct.resolve("analytics").resolve(answer)),
          Files.readAllBytes(out.resolve("analytics").resolve(answer)),
          answer + " from " + runnerName() + " is byte-identical to DirectRunner's");
    }
  }

  private JarRun run(List<String> args) throws Exception {
    return JarRun.of(work, jvmOptions(), args);
  }

  private static List<String> args(String pipeline, List<String> runner, String... options) {
    List<String> all = new ArrayList<>(List.of(pipeline));
    all.addAll(runner);
    all.addAll(Arrays.asList(options));
    return all;
  }
}
