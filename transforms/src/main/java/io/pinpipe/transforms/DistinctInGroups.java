package io.pinpipe.transforms;

import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.TableSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The speed layer's last guard of cleaning.md §5: each distinct curated row once within a shard
 * group of one window pane, compared on the curated columns only (a speed-table row's {@code
 * event_time} is not part of its content). It was added when the horizon de-duplication ({@link
 * DeduplicateRows#withinHorizon}) was Beam's {@code Deduplicate}, which let a re-post through on
 * Flink after a checkpoint restore ({@code FlinkStreamIT}); it stays as the guard of each written
 * pane. A pane group is small, so its rows are compared in memory.
 */
public final class DistinctInGroups
    extends PTransform<
        PCollection<KV<Integer, Iterable<Row>>>, PCollection<KV<Integer, Iterable<Row>>>> {
  private final TableSpec table;

  private DistinctInGroups(TableSpec table) {
    this.table = table;
  }

  public static DistinctInGroups of(TableSpec table) {
    return new DistinctInGroups(table);
  }

  @Override
  public PCollection<KV<Integer, Iterable<Row>>> expand(
      PCollection<KV<Integer, Iterable<Row>>> groups) {
    Coder<KV<Integer, Iterable<Row>>> coder = groups.getCoder();
    @SuppressWarnings("unchecked")
    KvCoder<Integer, Iterable<Row>> kv = (KvCoder<Integer, Iterable<Row>>) coder;
    return groups
        .apply("DropRepeatsInGroup", ParDo.of(new DistinctFn(table.curatedSchema())))
        .setCoder(
            KvCoder.of(
                kv.getKeyCoder(),
                IterableCoder.of(((IterableCoder<Row>) kv.getValueCoder()).getElemCoder())));
  }

  private static final class DistinctFn
      extends DoFn<KV<Integer, Iterable<Row>>, KV<Integer, Iterable<Row>>> {
    private final Schema curated;

    DistinctFn(Schema curated) {
      this.curated = curated;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Row>> group, OutputReceiver<KV<Integer, Iterable<Row>>> out) {
      Seen seen = new Seen(curated);
      List<Row> rows = new ArrayList<>();
      for (Row row : group.getValue()) {
        if (seen.firstTime(row)) {
          rows.add(row);
        }
      }
      out.output(KV.of(group.getKey(), rows));
    }
  }

  /**
   * The distinct rows of one pane group so far, for a step that writes a group as its rows arrive.
   * Rows are equal exactly when their JSON Lines forms are (the values decide both, doubles by
   * their bits), so the rows' curated columns themselves are compared: no text, no digest per row.
   */
  public static final class Seen {
    private final Schema curated;
    private final Set<Row> rows = new HashSet<>();

    public Seen(Schema curated) {
      this.curated = curated;
    }

    /** True the first time a row with these curated values is offered. */
    public boolean firstTime(Row row) {
      return rows.add(CuratedSchemas.curatedColumns(row, curated));
    }
  }
}
