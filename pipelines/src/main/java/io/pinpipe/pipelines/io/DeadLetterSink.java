package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.format.DeadLetterJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes one table's dead letters as JSON Lines under {@code <root>/dead-letter/<table>/}, sharded
 * by the record's source so each lands in the same file on every run.
 */
public final class DeadLetterSink extends PTransform<PCollection<DeadLetter>, PDone> {
  private final String directory;
  private final int numShards;

  private DeadLetterSink(String directory, int numShards) {
    this.directory = directory;
    this.numShards = numShards;
  }

  public static DeadLetterSink of(Table table, String root, int numShards) {
    return new DeadLetterSink(OutputPaths.deadLetter(root, table), numShards);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    return deadLetters.apply(
        "WriteJsonLines",
        ShardedFiles.to(
            directory,
            ".jsonl",
            numShards,
            (DeadLetter d) -> d.source.hashCode(),
            DeadLetterJson::toJson,
            TextIO.sink()));
  }
}
