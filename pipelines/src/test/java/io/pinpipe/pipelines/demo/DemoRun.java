package io.pinpipe.pipelines.demo;

import io.pinpipe.pipelines.batch.BatchPipeline;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * One run of the demo (clean + analytics over the embedded database, about half a minute of CPU)
 * shared by the test classes of this JVM that read its output instead of each making their own.
 * Nothing may write to its output.
 */
public final class DemoRun {
  private static DemoRun shared;

  /** Where the run wrote: the lake (Iceberg tables and JSON Lines export) and the answers. */
  public final Path output;

  public final BatchPipeline.Result result;

  private DemoRun(Path output, BatchPipeline.Result result) {
    this.output = output;
    this.result = result;
  }

  /**
   * The demo run of this JVM, made on first use, with {@code --outputFormat=iceberg,jsonl} and the
   * DirectRunner's defaults as {@code bin/pinpipe demo} sets them (its element checks off).
   */
  public static synchronized DemoRun shared() throws IOException {
    if (shared == null) {
      Path output = Files.createTempDirectory("pinpipe-demo-run");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(output)));
      BatchPipeline.Result result =
          DemoPipeline.run(
              PipelineOptionsFactory.fromArgs(
                      DirectRunnerChecksDefault.apply(
                          new String[] {"--output=" + output, "--outputFormat=iceberg,jsonl"}))
                  .as(DemoPipeline.Options.class));
      shared = new DemoRun(output, result);
    }
    return shared;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
