package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.TableSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes one curated table from its shards ({@link io.pinpipe.transforms.GroupByShard}) to {@code
 * <root>/curated/<table>/part-SSSSS-of-NNNNN.{parquet,jsonl}}: the export of de-duplicated rows as
 * plain files (cleaning.md §6). A shard is one file per format, so names and contents depend only
 * on the input, and a re-run overwrites instead of duplicating. Rows may carry more columns after
 * the curated ones (the speed layer groups its table's rows, with their event time, once for both
 * outputs); only the curated columns are written. Outputs the names of the files it wrote, relative
 * to the directory.
 */
public final class WriteCuratedShards
    extends PTransform<PCollection<KV<Integer, Iterable<Row>>>, PCollection<String>> {
  private final TableSpec table;
  private final String directory;
  private final Set<OutputFormat> formats;
  private final int shards;

  private WriteCuratedShards(
      TableSpec table, String directory, Set<OutputFormat> formats, int shards) {
    this.table = table;
    this.directory = directory;
    this.formats = formats;
    this.shards = shards;
  }

  public static WriteCuratedShards of(
      TableSpec table, String root, Set<OutputFormat> formats, int shards) {
    return toDirectory(table, OutputPaths.curated(root, table), formats, shards);
  }

  /**
   * Writes to {@code directory} (e.g. the speed layer's {@code <root>/curated-stream/<table>/}).
   */
  public static WriteCuratedShards toDirectory(
      TableSpec table, String directory, Set<OutputFormat> formats, int shards) {
    return new WriteCuratedShards(table, directory, formats, shards);
  }

  @Override
  public PCollection<String> expand(PCollection<KV<Integer, Iterable<Row>>> shardGroups) {
    return shardGroups
        .apply("WriteShards", ParDo.of(new WriteShardFn(table, directory, formats, shards)))
        .setCoder(StringUtf8Coder.of());
  }

  private static final class WriteShardFn extends DoFn<KV<Integer, Iterable<Row>>, String> {
    private final TableSpec table;
    private final String directory;
    private final Set<OutputFormat> formats;
    private final int shards;

    WriteShardFn(TableSpec table, String directory, Set<OutputFormat> formats, int shards) {
      this.table = table;
      this.directory = directory;
      this.formats = formats;
      this.shards = shards;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Row>> shard,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<String> out)
        throws IOException {
      for (String name : write(shard.getKey(), shard.getValue(), window, pane)) {
        out.output(name);
      }
    }

    /** Writes one shard in each format; returns the names of its files. */
    private List<String> write(int index, Iterable<Row> rows, BoundedWindow window, PaneInfo pane)
        throws IOException {
      String parquetName =
          AtomicFile.shardName(window, pane, index, shards, OutputFormat.PARQUET.suffix());
      String jsonName =
          AtomicFile.shardName(window, pane, index, shards, OutputFormat.JSONL.suffix());
      try (AtomicFile parquetFile =
              formats.contains(OutputFormat.PARQUET)
                  ? AtomicFile.create(directory, parquetName, AtomicFile.binary())
                  : null;
          AtomicFile jsonFile =
              formats.contains(OutputFormat.JSONL)
                  ? AtomicFile.create(directory, jsonName, AtomicFile.text())
                  : null) {
        ParquetRowSink parquet = null;
        if (parquetFile != null) {
          parquet = new ParquetRowSink(table.curatedSchema(), table.id());
          parquet.open(parquetFile.channel());
        }
        CuratedJson.LinesWriter json =
            jsonFile == null
                ? null
                : new CuratedJson.LinesWriter(
                    new BufferedWriter(
                        new OutputStreamWriter(
                            Channels.newOutputStream(jsonFile.channel()), StandardCharsets.UTF_8),
                        1 << 16));
        Schema curated = table.curatedSchema();
        for (Row stored : rows) {
          Row row = CuratedSchemas.curatedColumns(stored, curated);
          if (parquet != null) {
            parquet.write(row);
          }
          if (json != null) {
            json.write(row);
          }
        }
        List<String> names = new ArrayList<>();
        if (parquet != null) {
          parquet.flush();
          parquetFile.commit();
          names.add(parquetName);
        }
        if (json != null) {
          json.flush();
          jsonFile.commit();
          names.add(jsonName);
        }
        return names;
      }
    }
  }
}
