package io.pinpipe.pipelines.io;

import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.transforms.model.DeadLetter;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/** Dead letters as rows of the dead-letter table ({@link LakeTables#DEAD_LETTER_ROW}). */
public final class DeadLetterRows extends PTransform<PCollection<DeadLetter>, PCollection<Row>> {
  public static DeadLetterRows of() {
    return new DeadLetterRows();
  }

  public static Row toRow(DeadLetter d) {
    return Row.withSchema(LakeTables.DEAD_LETTER_ROW)
        .addValues(d.table, d.source, d.payload, d.error, d.pipeline, Instant.parse(d.failedAt))
        .build();
  }

  /**
   * Dead-letter rows in {@code shards} groups by their source, so each lands in the same group on a
   * replay.
   */
  public static PTransform<PCollection<Row>, PCollection<KV<Integer, Iterable<Row>>>> groupBySource(
      int shards) {
    return new PTransform<PCollection<Row>, PCollection<KV<Integer, Iterable<Row>>>>() {
      @Override
      public PCollection<KV<Integer, Iterable<Row>>> expand(PCollection<Row> rows) {
        return rows.apply(
                "KeyBySource",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.rows()))
                    .via(
                        (Row row) ->
                            KV.of(Math.floorMod(row.getString("source").hashCode(), shards), row)))
            .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(LakeTables.DEAD_LETTER_ROW)))
            .apply("GroupShards", GroupByKey.create());
      }
    };
  }

  @Override
  public PCollection<Row> expand(PCollection<DeadLetter> deadLetters) {
    return deadLetters
        .apply("ToRows", MapElements.into(TypeDescriptors.rows()).via(DeadLetterRows::toRow))
        .setRowSchema(LakeTables.DEAD_LETTER_ROW);
  }
}
