package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.CountingSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows fire when a source is split only after the job's source subtasks have started, with more
 * subtasks than splits. Kafka and Kinesis sources ask their servers for partitions or shards when
 * split; under load that took longer than starting the subtasks, and Beam 2.70's enumerator then
 * never told the subtasks left without a split that none would come: they emitted no watermark and
 * every window of the job waited for ever (a CI run: 0 of 50 Kinesis rows). Runner jar and this
 * test use pinpipe's patched {@code FlinkSourceSplitEnumerator} (see its source); without it no
 * window comes out here.
 */
class FlinkSlowSplitIT {
  /** Longer than the mini-cluster takes to start the source subtasks. */
  private static final long SPLIT_MILLIS = 5_000;

  @TempDir Path work;

  @Test
  void windowsFireWhenSubtasksStartBeforeTheSourceIsSplit() throws Exception {
    Path counts = work.resolve("counts.txt");
    FlinkPipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=3",
                "--streaming=true",
                "--attachedMode=false")
            .as(FlinkPipelineOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(
            "ReadSlowlySplit",
            Read.from(
                new SlowlySplit<>(CountingSource.unboundedWithTimestampFn(n -> Instant.now()))))
        .apply("Pace", ParDo.of(new PaceFn()))
        .apply("Window", Window.into(FixedWindows.of(Duration.standardSeconds(1))))
        .apply("Count", Combine.globally(Count.<Long>combineFn()).withoutDefaults())
        .apply("Record", ParDo.of(new AppendLineFn(counts.toString())));

    PipelineResult result = pipeline.run();
    List<String> written = List.of();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (written.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        written = Files.exists(counts) ? Files.readAllLines(counts) : List.of();
      }
    } finally {
      result.cancel();
    }
    assertFalse(written.isEmpty(), "a window's count within 60 s of the start");
  }

  /** One split only, and that after {@link #SPLIT_MILLIS}, like a source asking a slow server. */
  private static final class SlowlySplit<T, M extends UnboundedSource.CheckpointMark>
      extends UnboundedSource<T, M> {
    private static final long serialVersionUID = 1L;
    private final UnboundedSource<T, M> source;

    SlowlySplit(UnboundedSource<T, M> source) {
      this.source = source;
    }

    @Override
    public List<? extends UnboundedSource<T, M>> split(int desiredNumSplits, PipelineOptions o)
        throws Exception {
      Thread.sleep(SPLIT_MILLIS);
      return List.of(this);
    }

    @Override
    public UnboundedReader<T> createReader(PipelineOptions o, M checkpointMark) throws IOException {
      return source.createReader(o, checkpointMark);
    }

    @Override
    public Coder<M> getCheckpointMarkCoder() {
      return source.getCheckpointMarkCoder();
    }

    @Override
    public Coder<T> getOutputCoder() {
      return source.getOutputCoder();
    }
  }

  /** About 1,000 elements a second: the counting source alone would keep both cores busy. */
  private static final class PaceFn extends DoFn<Long, Long> {
    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) throws InterruptedException {
      Thread.sleep(1);
      out.output(n);
    }
  }

  private static final class AppendLineFn extends DoFn<Long, Void> {
    private final String file;

    AppendLineFn(String file) {
      this.file = file;
    }

    @ProcessElement
    public void process(@Element Long count) {
      try {
        Files.writeString(
            Path.of(file),
            count + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
