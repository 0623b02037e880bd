package io.pinpipe.pipelines.io;

import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes a collection to a fixed number of files, {@code part-SSSSS-of-NNNNN<suffix>}, each element
 * going to the shard its key picks. Names and the elements in each file depend only on the input,
 * so a re-run over the same input overwrites the same files (cleaning.md §6).
 */
public final class ShardedFiles<T, OutputT> extends PTransform<PCollection<T>, PDone> {
  private final String directory;
  private final String suffix;
  private final int numShards;
  private final SerializableFunction<T, Integer> shardKey;
  private final SerializableFunction<T, OutputT> format;
  private final FileIO.Sink<OutputT> sink;

  private ShardedFiles(
      String directory,
      String suffix,
      int numShards,
      SerializableFunction<T, Integer> shardKey,
      SerializableFunction<T, OutputT> format,
      FileIO.Sink<OutputT> sink) {
    this.directory = directory;
    this.suffix = suffix;
    this.numShards = numShards;
    this.shardKey = shardKey;
    this.format = format;
    this.sink = sink;
  }

  /**
   * {@code shardKey} maps an element to any int (reduced modulo {@code numShards}); {@code format}
   * turns it into what {@code sink} writes.
   */
  public static <T, OutputT> ShardedFiles<T, OutputT> to(
      String directory,
      String suffix,
      int numShards,
      SerializableFunction<T, Integer> shardKey,
      SerializableFunction<T, OutputT> format,
      FileIO.Sink<OutputT> sink) {
    return new ShardedFiles<>(directory, suffix, numShards, shardKey, format, sink);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    int shards = numShards;
    SerializableFunction<T, Integer> key = shardKey;
    String fileSuffix = suffix;
    input.apply(
        "WriteShards",
        FileIO.<Integer, T>writeDynamic()
            .by(element -> Math.floorMod(key.apply(element), shards))
            .withDestinationCoder(VarIntCoder.of())
            .via(Contextful.fn(format), sink)
            .to(directory)
            .withNumShards(1)
            .withNaming(
                shard ->
                    (window, pane, numShardsOfDestination, shardIndex, compression) ->
                        String.format("part-%05d-of-%05d%s", shard, shards, fileSuffix)));
    return PDone.in(input.getPipeline());
  }
}
