package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The Iceberg catalog that holds the curated tables, chosen at launch. Passwords never travel on
 * the command line: {@code --catalogPasswordEnv} names an environment variable, {@code
 * --catalogPasswordFile} a file. S3 settings ({@code --endpoint}, {@code --awsRegion}, {@code
 * --awsCredentialsProvider}) are the same as for the pipeline's other {@code s3://} paths.
 */
public interface LakeOptions extends PipelineOptions {
  @Description(
      "Iceberg catalog of the curated tables: embedded (Iceberg's Hadoop catalog in the --warehouse folder; "
          + "no server), rest (an Iceberg REST catalog at --catalogUri) or jdbc (Iceberg's JDBC catalog at --catalogUri, "
          + "e.g. PostgreSQL or MariaDB).")
  @Default.String("embedded")
  String getCatalog();

  void setCatalog(String value);

  @Description(
      "With --catalog=rest, the catalog's base URL, e.g. http://127.0.0.1:19120; with --catalog=jdbc, a JDBC "
          + "URL, e.g. jdbc:postgresql://127.0.0.1:5432/iceberg_catalog.")
  String getCatalogUri();

  void setCatalogUri(String value);

  @Description(
      "Where table data and metadata go: a local folder or s3://bucket/prefix. Default: <output>/warehouse "
          + "(embedded and jdbc catalogs; a REST catalog may choose its own).")
  String getWarehouse();

  void setWarehouse(String value);

  @Description(
      "Namespace (database) of the tables: <namespace>.{pin,geo,user} (batch views), "
          + "<namespace>.{pin,geo,user}<speedTableSuffix> (speed layer) and <namespace>.<deadLetterTable>.")
  @Default.String("pinpipe")
  String getNamespace();

  void setNamespace(String value);

  @Description("Suffix of the speed layer's tables.")
  @Default.String("_stream")
  String getSpeedTableSuffix();

  void setSpeedTableSuffix(String value);

  @Description("Name of the dead-letter table.")
  @Default.String("dead_letters")
  String getDeadLetterTable();

  void setDeadLetterTable(String value);

  @Description("Name of the catalog, as engines reading the tables will call it.")
  @Default.String("pinpipe")
  String getCatalogName();

  void setCatalogName(String value);

  @Description("With --catalog=jdbc: the database user.")
  String getCatalogUser();

  void setCatalogUser(String value);

  @Description(
      "Name of the environment variable holding the catalog database's password (if it is set).")
  @Default.String("PINPIPE_CATALOG_PASSWORD")
  String getCatalogPasswordEnv();

  void setCatalogPasswordEnv(String value);

  @Description(
      "File holding the catalog database's password (first line); wins over --catalogPasswordEnv.")
  String getCatalogPasswordFile();

  void setCatalogPasswordFile(String value);

  @Description(
      "Further Iceberg catalog properties, comma-separated key=value pairs (e.g. a REST catalog's "
          + "prefix or warehouse name). Not for secrets.")
  String getCatalogProperties();

  void setCatalogProperties(String value);

  /** The option that lets a batch run replace a view with one covering less input. */
  String ALLOW_SHRINK = "allowShrink";

  @Description(
      "Let clean replace a batch view with one covering less input than its current snapshot (fewer "
          + "input records, or a partition's last offset lower: a landing zone from another environment, a truncated "
          + "folder). Without it such a run is refused, exit 2, and no table changes.")
  @Default.Boolean(false)
  boolean getAllowShrink();

  void setAllowShrink(boolean value);
}
