package io.pinpipe.iceberg;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one snapshot of an Iceberg table as Beam rows of {@code schema} (the columns it names). The
 * files are planned at launch, so the run reads exactly that snapshot however the table moves on
 * meanwhile; each worker reads whole data files. pinpipe writes no delete files; a snapshot with
 * some (written by another engine) is refused rather than read wrong.
 */
public final class ReadTable extends PTransform<PBegin, PCollection<Row>> {
  private final CatalogConfig catalog;
  private final String table;
  private final long snapshotId;
  private final Schema schema;

  /** Data files chosen at launch (a part of a snapshot), or null to read the whole snapshot. */
  private final @Nullable List<String> chosenFiles;

  private ReadTable(
      CatalogConfig catalog,
      TableIdentifier table,
      long snapshotId,
      Schema schema,
      @Nullable List<String> chosenFiles) {
    this.catalog = catalog;
    this.table = table.toString();
    this.snapshotId = snapshotId;
    this.schema = schema;
    this.chosenFiles = chosenFiles == null ? null : List.copyOf(chosenFiles);
  }

  public static ReadTable of(
      CatalogConfig catalog, TableIdentifier table, long snapshotId, Schema schema) {
    return new ReadTable(catalog, table, snapshotId, schema, null);
  }

  /**
   * Only {@code files} of {@code table} (e.g. a {@link SpeedIncrement}'s), as rows of {@code
   * schema}.
   */
  public static ReadTable files(
      CatalogConfig catalog, TableIdentifier table, List<String> files, Schema schema) {
    return new ReadTable(catalog, table, -1, schema, files);
  }

  @Override
  public PCollection<Row> expand(PBegin begin) {
    List<String> files = chosenFiles != null ? chosenFiles : plan();
    return begin
        .apply(
            "DataFiles",
            Create.of(files).withCoder(org.apache.beam.sdk.coders.StringUtf8Coder.of()))
        .apply("SpreadFiles", Reshuffle.viaRandomKey())
        .apply("ReadFiles", ParDo.of(new ReadFileFn(catalog, table, schema)))
        .setRowSchema(schema);
  }

  private List<String> plan() {
    Catalog opened = catalog.connect();
    try {
      return TableFiles.plan(opened.loadTable(TableIdentifier.parse(table)), snapshotId);
    } finally {
      CatalogConfig.close(opened);
    }
  }

  private static final class ReadFileFn extends DoFn<String, Row> {
    private final CatalogConfig catalogConfig;
    private final String tableName;
    private final Schema schema;
    private transient Catalog catalog;
    private transient Table table;
    private transient org.apache.iceberg.Schema projection;

    ReadFileFn(CatalogConfig catalogConfig, String tableName, Schema schema) {
      this.catalogConfig = catalogConfig;
      this.tableName = tableName;
      this.schema = schema;
    }

    @Setup
    public void setup() {
      catalog = catalogConfig.connect();
      table = catalog.loadTable(TableIdentifier.parse(tableName));
      projection = table.schema().select(schema.getFieldNames());
    }

    @Teardown
    public void teardown() {
      CatalogConfig.close(catalog);
    }

    @ProcessElement
    public void process(@Element String location, OutputReceiver<Row> out) throws IOException {
      try (CloseableIterable<Record> records = TableFiles.records(table, location, projection);
          CloseableIterator<Record> iterator = records.iterator()) {
        while (iterator.hasNext()) {
          out.output(IcebergSchemas.toRow(iterator.next(), schema));
        }
      }
    }
  }
}
