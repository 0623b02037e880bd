package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.model.Table;
import java.util.Set;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Writes one curated table under {@code <root>/curated/<table>/} in each chosen format. Rows are
 * sharded by key, so all rows of a key land in the same file on every run.
 */
public final class CuratedTableSink extends PTransform<PCollection<Row>, PDone> {
  private final Table table;
  private final String directory;
  private final Set<OutputFormat> formats;
  private final int numShards;

  private CuratedTableSink(Table table, String directory, Set<OutputFormat> formats, int numShards) {
    this.table = table;
    this.directory = directory;
    this.formats = formats;
    this.numShards = numShards;
  }

  public static CuratedTableSink of(Table table, String root, Set<OutputFormat> formats, int numShards) {
    return new CuratedTableSink(table, OutputPaths.curated(root, table), formats, numShards);
  }

  @Override
  public PDone expand(PCollection<Row> rows) {
    if (formats.contains(OutputFormat.PARQUET)) {
      rows.apply(
          "WriteParquet",
          ShardedFiles.to(
              directory,
              OutputFormat.PARQUET.suffix(),
              numShards,
              CuratedTableSink::shardKey,
              row -> row,
              new ParquetRowSink(CuratedSchemas.of(table), table.id())));
    }
    if (formats.contains(OutputFormat.JSONL)) {
      rows.apply(
          "WriteJsonLines",
          ShardedFiles.to(
              directory,
              OutputFormat.JSONL.suffix(),
              numShards,
              CuratedTableSink::shardKey,
              CuratedJson::toJson,
              TextIO.sink()));
    }
    return PDone.in(rows.getPipeline());
  }

  private static Integer shardKey(Row row) {
    return Long.hashCode(row.getInt64("ind"));
  }
}
