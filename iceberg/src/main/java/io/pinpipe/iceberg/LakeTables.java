package io.pinpipe.iceberg;

import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg tables of the curated layer (cleaning.md §6), defined once: the batch view of each
 * curated table ({@code <namespace>.pin}), the speed layer's table of each ({@code
 * <namespace>.pin_stream}, whose rows carry the event time they were windowed by) and one
 * dead-letter table ({@code <namespace>.dead_letters}, partitioned by pipeline and table so a batch
 * run replaces its own dead letters only).
 */
public final class LakeTables implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_NAMESPACE = "pinpipe";
  public static final String DEFAULT_SPEED_SUFFIX = "_stream";
  public static final String DEFAULT_DEAD_LETTER_TABLE = "dead_letters";

  /** The column of a speed-layer row that holds the event time it was windowed by. */
  public static final String EVENT_TIME = "event_time";

  /** Dead-letter columns: cleaning.md §7. */
  public static final org.apache.beam.sdk.schemas.Schema DEAD_LETTER_ROW =
      org.apache.beam.sdk.schemas.Schema.builder()
          .addStringField("table")
          .addStringField("source")
          .addStringField("payload")
          .addStringField("error")
          .addStringField("pipeline")
          .addDateTimeField("failed_at")
          .build();

  private final String namespace;
  private final String speedSuffix;
  private final String deadLetterTable;

  private LakeTables(String namespace, String speedSuffix, String deadLetterTable) {
    this.namespace = namespace;
    this.speedSuffix = speedSuffix;
    this.deadLetterTable = deadLetterTable;
  }

  public static LakeTables of(String namespace, String speedSuffix, String deadLetterTable) {
    return new LakeTables(namespace, speedSuffix, deadLetterTable);
  }

  public static LakeTables defaults() {
    return of(DEFAULT_NAMESPACE, DEFAULT_SPEED_SUFFIX, DEFAULT_DEAD_LETTER_TABLE);
  }

  public Namespace namespace() {
    return Namespace.of(namespace.split("\\."));
  }

  /** The batch view of a curated table, e.g. {@code pinpipe.pin}. */
  public TableIdentifier batchView(TableSpec table) {
    return TableIdentifier.of(namespace(), table.id());
  }

  /** The speed layer's table of a curated table, e.g. {@code pinpipe.pin_stream}. */
  public TableIdentifier speedTable(TableSpec table) {
    return TableIdentifier.of(namespace(), table.id() + speedSuffix);
  }

  public TableIdentifier deadLetters() {
    return TableIdentifier.of(namespace(), deadLetterTable);
  }

  /** The Beam row schema of a speed-layer table: the curated columns, then {@link #EVENT_TIME}. */
  public static org.apache.beam.sdk.schemas.Schema speedRowSchema(TableSpec table) {
    return org.apache.beam.sdk.schemas.Schema.builder()
        .addFields(table.curatedSchema().getFields())
        .addDateTimeField(EVENT_TIME)
        .build();
  }

  public static Schema batchSchema(TableSpec table) {
    return IcebergSchemas.toIceberg(table.curatedSchema(), TableSpec.KEY_COLUMN);
  }

  public static Schema speedSchema(TableSpec table) {
    return IcebergSchemas.toIceberg(speedRowSchema(table), TableSpec.KEY_COLUMN);
  }

  public static Schema deadLetterSchema() {
    return IcebergSchemas.toIceberg(DEAD_LETTER_ROW, null);
  }

  public static PartitionSpec deadLetterSpec(Schema schema) {
    return PartitionSpec.builderFor(schema).identity("pipeline").identity("table").build();
  }

  /** Every table this layout names for the three tables, with its schema and partitioning. */
  public List<TableDefinition> all() {
    return all(Table.all());
  }

  /** Every table this layout names for the given tables, with its schema and partitioning. */
  public List<TableDefinition> all(List<? extends TableSpec> specs) {
    List<TableDefinition> tables = new ArrayList<>();
    for (TableSpec table : specs) {
      tables.add(
          new TableDefinition(batchView(table), batchSchema(table), PartitionSpec.unpartitioned()));
      tables.add(
          new TableDefinition(
              speedTable(table), speedSchema(table), PartitionSpec.unpartitioned()));
    }
    Schema dead = deadLetterSchema();
    tables.add(new TableDefinition(deadLetters(), dead, deadLetterSpec(dead)));
    return tables;
  }

  /**
   * Creates the namespace and every table that does not exist yet; checks that existing ones have
   * the columns this version writes. Called once at launch, before any worker starts.
   */
  public void ensureExist(Catalog catalog) {
    ensureExist(catalog, Table.all());
  }

  /** {@link #ensureExist(Catalog)} for the given tables. */
  public void ensureExist(Catalog catalog, List<? extends TableSpec> specs) {
    if (catalog instanceof SupportsNamespaces) {
      SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
      if (!namespaces.namespaceExists(namespace())) {
        try {
          namespaces.createNamespace(namespace());
        } catch (AlreadyExistsException raced) {
          // Another launch created it first: just as good.
        }
      }
    }
    for (TableDefinition definition : all(specs)) {
      definition.ensureExists(catalog);
    }
  }

  /**
   * Table properties that keep a table's metadata files bounded: every commit writes a new metadata
   * file holding the whole snapshot history, and Iceberg keeps the old ones unless told otherwise.
   * The speed tables commit once per window pane, so without these properties each table's metadata
   * folder grows quadratically (3,000 pane commits: 3,000 files, 4.7 GiB; bin/pinpipe-bench
   * history).
   */
  public static final Map<String, String> METADATA_RETENTION =
      Map.of(
          TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
          "true",
          TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
          "20");

  /** Sets {@link #METADATA_RETENTION} on a table made before it, leaving values a user set. */
  static void keepMetadataBounded(org.apache.iceberg.Table table) {
    Map<String, String> missing = new LinkedHashMap<>(METADATA_RETENTION);
    missing.keySet().removeAll(table.properties().keySet());
    if (missing.isEmpty()) {
      return;
    }
    UpdateProperties update = table.updateProperties();
    missing.forEach(update::set);
    try {
      update.commit();
    } catch (CommitFailedException raced) {
      // Another launch set them at the same moment: just as good.
    }
  }

  /** One table's name, schema and partitioning. */
  public static final class TableDefinition {
    public final TableIdentifier id;
    public final Schema schema;
    public final PartitionSpec spec;

    TableDefinition(TableIdentifier id, Schema schema, PartitionSpec spec) {
      this.id = id;
      this.schema = schema;
      this.spec = spec;
    }

    void ensureExists(Catalog catalog) {
      if (!catalog.tableExists(id)) {
        try {
          Map<String, String> properties = new LinkedHashMap<>(METADATA_RETENTION);
          properties.put(TableProperties.FORMAT_VERSION, "2");
          properties.put(TableProperties.PARQUET_COMPRESSION, "zstd");
          catalog.createTable(id, schema, spec, properties);
          return;
        } catch (AlreadyExistsException raced) {
          // Created concurrently: check it like any existing table.
        }
      }
      org.apache.iceberg.Table table = catalog.loadTable(id);
      keepMetadataBounded(table);
      Types.StructType existing = table.schema().asStruct();
      for (Types.NestedField field : schema.columns()) {
        Types.NestedField found = existing.field(field.name());
        if (found == null || !found.type().equals(field.type())) {
          throw new IllegalStateException(
              "table "
                  + id
                  + " exists with other columns than pinpipe writes: "
                  + "expected "
                  + field
                  + ", found "
                  + found
                  + "; use another --namespace or migrate the table");
        }
      }
    }
  }
}
