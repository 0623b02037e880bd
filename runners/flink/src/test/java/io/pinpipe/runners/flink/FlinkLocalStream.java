package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.stream.EventSenders;
import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code stream} on an embedded Flink mini-cluster as the Flink tests run it: detached, checkpoints
 * every second, 2 s windows, a watermark 1 s behind, the source pointed at the stack.
 */
final class FlinkLocalStream {
  private FlinkLocalStream() {}

  /** The options, with {@code --outputFormat=formats} and two shards. */
  static StreamPipeline.Options options(
      String source, String prefix, Path out, int parallelism, String formats) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=" + parallelism,
                "--checkpointingInterval=1000",
                "--attachedMode=false",
                "--source=" + source,
                "--topicPrefix=" + prefix,
                "--output=" + out,
                "--outputFormat=" + formats,
                "--numShards=2",
                "--window=2s",
                "--maxDelay=1s"));
    args.addAll(EventSenders.sourceOptions(source));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(StreamPipeline.Options.class);
  }

  /** The curated JSON Lines of {@code table} under {@code out}. */
  static List<String> curated(Path out, Table table) {
    return OutputFiles.jsonLinesBelow(out.resolve("curated-stream").resolve(table.id()));
  }

  /** The table's curated rows are its first {@code rows} golden rows, each once. */
  static void assertCuratedOnce(Path out, Table table, int rows, String context)
      throws IOException {
    List<String> curated = curated(out, table);
    assertEquals(rows, curated.size(), table + ": each row once (" + context + ")");
    assertEquals(
        new TreeSet<>(GoldenRows.inRowOrder(table.id()).subList(0, rows)),
        new TreeSet<>(curated),
        table + ": every row (" + context + ")");
  }
}
