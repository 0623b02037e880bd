package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads one curated table, {@code <root>/curated/<table>/part-*.parquet} (or {@code .jsonl}), as
 * rows.
 */
public final class ReadCuratedTable extends PTransform<PBegin, PCollection<Row>> {
  private final Table table;
  private final String root;
  private final OutputFormat format;

  private ReadCuratedTable(Table table, String root, OutputFormat format) {
    this.table = table;
    this.root = root;
    this.format = format;
  }

  public static ReadCuratedTable of(Table table, String root, OutputFormat format) {
    return new ReadCuratedTable(table, root, format);
  }

  private static String pattern(Table table, String root, OutputFormat format) {
    return OutputPaths.curated(root, table) + "part-*" + format.suffix();
  }

  /**
   * Fails at launch, naming {@code --input}, when a table has no curated files under {@code root}.
   */
  public static void requireFiles(String root, OutputFormat format) {
    for (Table table : Table.POSTING_EVENT) {
      String pattern = pattern(table, root, format);
      if (FileMatches.none("input", pattern)) {
        throw new InvalidOptionException(
            "input",
            "no curated "
                + table.id()
                + " files: expected "
                + pattern
                + " (written by clean --outputFormat="
                + format.name().toLowerCase(java.util.Locale.ROOT)
                + ")");
      }
    }
  }

  @Override
  public PCollection<Row> expand(PBegin begin) {
    String pattern = pattern(table, root, format);
    return begin
        .apply(
            "MatchFiles",
            FileIO.match()
                .filepattern(pattern)
                .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadRows", ParDo.of(new ReadRowsFn(table.curatedSchema(), format)))
        .setRowSchema(table.curatedSchema());
  }

  private static final class ReadRowsFn extends DoFn<FileIO.ReadableFile, Row> {
    private final Schema schema;
    private final OutputFormat format;

    ReadRowsFn(Schema schema, OutputFormat format) {
      this.schema = schema;
      this.format = format;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<Row> out)
        throws IOException {
      if (format == OutputFormat.PARQUET) {
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(file.openSeekable()))
                .build()) {
          for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
            out.output(AvroRows.toRow(record, schema));
          }
        }
      } else {
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(
                    Channels.newInputStream(file.open()), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            out.output(CuratedJson.fromJson(schema, line));
          }
        }
      }
    }
  }
}
