package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.format.DeadLetterJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.TableSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes one table's dead letters as JSON Lines to {@code
 * <root>/dead-letter/<table>/part-SSSSS-of-NNNNN.jsonl}, sharded by the record's source so each
 * lands in the same file on every run.
 */
public final class WriteDeadLetterFiles extends PTransform<PCollection<DeadLetter>, PDone> {
  private final String directory;
  private final int shards;

  private WriteDeadLetterFiles(String directory, int shards) {
    this.directory = directory;
    this.shards = shards;
  }

  public static WriteDeadLetterFiles of(TableSpec table, String root, int shards) {
    return new WriteDeadLetterFiles(OutputPaths.deadLetter(root, table), shards);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    int shardCount = shards;
    deadLetters
        .apply(
            "KeyBySource",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.strings()))
                .via(
                    (DeadLetter d) ->
                        KV.of(
                            Math.floorMod(d.source.hashCode(), shardCount),
                            DeadLetterJson.toJson(d))))
        .apply("GroupShards", GroupByKey.create())
        .apply("WriteShards", ParDo.of(new WriteShardFn(directory, shards)));
    return PDone.in(deadLetters.getPipeline());
  }

  private static final class WriteShardFn extends DoFn<KV<Integer, Iterable<String>>, Void> {
    private final String directory;
    private final int shards;

    WriteShardFn(String directory, int shards) {
      this.directory = directory;
      this.shards = shards;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<String>> shard, BoundedWindow window, PaneInfo pane)
        throws IOException {
      try (AtomicFile file =
          AtomicFile.create(
              directory,
              AtomicFile.shardName(window, pane, shard.getKey(), shards, ".jsonl"),
              AtomicFile.text())) {
        Writer out =
            new BufferedWriter(
                new OutputStreamWriter(
                    Channels.newOutputStream(file.channel()), StandardCharsets.UTF_8),
                1 << 16);
        for (String line : shard.getValue()) {
          out.write(line);
          out.write('\n');
        }
        out.flush();
        file.commit();
      }
    }
  }
}
