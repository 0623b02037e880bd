package io.pinpipe.pipelines.io;

import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.iceberg.SpeedTableTrim;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.options.LakeOptions;
import io.pinpipe.pipelines.options.Secrets;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The curated layer's Iceberg catalog and table names, as the options choose them: one place that
 * turns {@link LakeOptions} (and the pipeline's S3 settings) into a {@link CatalogConfig}.
 */
public final class Lake implements Serializable {
  private static final long serialVersionUID = 1L;

  public final CatalogConfig catalog;
  public final LakeTables tables;

  /**
   * The option a message about where the tables are should name: catalogUri, warehouse, output,
   * input.
   */
  public final String locationOption;

  private Lake(CatalogConfig catalog, LakeTables tables, String locationOption) {
    this.catalog = catalog;
    this.tables = tables;
    this.locationOption = locationOption;
  }

  public static Lake of(CatalogConfig catalog, LakeTables tables) {
    return new Lake(
        catalog,
        tables,
        catalog.kind() == CatalogConfig.Kind.EMBEDDED ? "warehouse" : "catalogUri");
  }

  /** The lake of {@code options}; {@code outputRoot} (may be null) holds the default warehouse. */
  public static Lake from(LakeOptions options, String outputRoot) {
    return from(options, OutputRoot.OPTION, outputRoot);
  }

  /**
   * The lake of {@code options}; {@code root}, the value of option {@code rootOption} (may be
   * null), holds the default warehouse.
   */
  public static Lake from(LakeOptions options, String rootOption, String outputRoot) {
    CatalogConfig.Kind kind = kind(options.getCatalog());
    String warehouse = options.getWarehouse();
    if ((warehouse == null || warehouse.isBlank()) && kind != CatalogConfig.Kind.REST) {
      if (outputRoot == null || outputRoot.isBlank()) {
        throw new InvalidOptionException(
            "warehouse", "missing: expected a folder or s3://bucket/prefix for the tables");
      }
      warehouse = OutputPaths.join(outputRoot, "warehouse");
    }
    if (warehouse != null && !warehouse.isBlank()) {
      warehouse = absolute(warehouse);
      if (kind == CatalogConfig.Kind.EMBEDDED && CatalogConfig.isS3(warehouse)) {
        throw new InvalidOptionException(
            "warehouse",
            "the embedded catalog keeps its tables in a local folder; for "
                + warehouse
                + " use --catalog=rest or --catalog=jdbc");
      }
    }
    String uri = options.getCatalogUri();
    if (kind != CatalogConfig.Kind.EMBEDDED) {
      InvalidOptionException.required(
          "catalogUri",
          uri,
          kind == CatalogConfig.Kind.REST
              ? "the REST catalog's URL with --catalog=rest, e.g. http://127.0.0.1:19120"
              : "a JDBC URL with --catalog=jdbc, e.g. jdbc:postgresql://127.0.0.1:5432/iceberg_catalog");
      String expected = kind == CatalogConfig.Kind.REST ? "http" : "jdbc:";
      if (!uri.toLowerCase(Locale.ROOT).startsWith(expected)) {
        throw new InvalidOptionException(
            "catalogUri",
            "expected a URL starting with "
                + expected
                + " for --catalog="
                + options.getCatalog()
                + ", got '"
                + uri
                + "'");
      }
    }
    Map<String, String> extra = new LinkedHashMap<>();
    if (kind == CatalogConfig.Kind.JDBC) {
      if (options.getCatalogUser() != null) {
        extra.put("jdbc.user", options.getCatalogUser());
      }
      String password =
          Secrets.read(
              "catalogPasswordFile",
              options.getCatalogPasswordFile(),
              options.getCatalogPasswordEnv());
      if (password != null) {
        extra.put("jdbc.password", password);
      }
    }
    extra.putAll(s3Properties(options));
    extra.putAll(parseProperties(options.getCatalogProperties()));
    CatalogConfig catalog = CatalogConfig.of(options.getCatalogName(), kind, warehouse, uri, extra);
    String locationOption =
        kind != CatalogConfig.Kind.EMBEDDED
            ? "catalogUri"
            : options.getWarehouse() == null || options.getWarehouse().isBlank()
                ? rootOption
                : "warehouse";
    return new Lake(
        catalog,
        LakeTables.of(
            options.getNamespace(), options.getSpeedTableSuffix(), options.getDeadLetterTable()),
        locationOption);
  }

  /**
   * Connects and creates the namespace and tables that do not exist yet: at launch, so a wrong URI,
   * an unknown bucket or a catalog that refuses us fails before any work starts.
   */
  public void prepare() {
    prepare(Table.all());
  }

  /** {@link #prepare()} for the given tables. */
  public void prepare(List<? extends TableSpec> specs) {
    Catalog opened;
    try {
      opened = catalog.connect();
    } catch (RuntimeException e) {
      throw new InvalidOptionException(
          locationOption,
          "cannot open the "
              + catalog.kind().toString().toLowerCase(Locale.ROOT)
              + " catalog: "
              + rootMessage(e));
    }
    try {
      tables.ensureExist(opened, specs);
    } catch (RuntimeException e) {
      throw new InvalidOptionException(
          locationOption,
          "cannot create or check the tables in " + catalog + ": " + rootMessage(e));
    } finally {
      CatalogConfig.close(opened);
    }
  }

  /**
   * After a batch run has committed its views: removes from each speed table the panes its batch
   * view now covers ({@link SpeedTableTrim}). What was removed, by speed table.
   */
  public Map<String, SpeedTableTrim.Removed> trimSpeedTables(List<? extends TableSpec> specs) {
    Map<String, SpeedTableTrim.Removed> removed = new LinkedHashMap<>();
    Catalog opened = catalog.connect();
    try {
      for (TableSpec table : specs) {
        Snapshot view = opened.loadTable(tables.batchView(table)).currentSnapshot();
        if (view != null) {
          TableIdentifier speed = tables.speedTable(table);
          removed.put(speed.toString(), SpeedTableTrim.coveredBy(opened, speed, view));
        }
      }
    } finally {
      CatalogConfig.close(opened);
    }
    return removed;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  private static CatalogConfig.Kind kind(String value) {
    try {
      return CatalogConfig.Kind.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "catalog", "expected embedded, rest or jdbc, got '" + value + "'");
    }
  }

  private static String absolute(String location) {
    if (location.contains("://") || location.startsWith("file:")) {
      return location;
    }
    return Path.of(location).toAbsolutePath().normalize().toUri().toString();
  }

  /** S3FileIO settings from the pipeline's own AWS options, so tables and files use one S3. */
  private static Map<String, String> s3Properties(LakeOptions options) {
    Map<String, String> props = new LinkedHashMap<>();
    AwsOptions aws = options.as(AwsOptions.class);
    if (aws.getEndpoint() != null) {
      props.put("s3.endpoint", aws.getEndpoint().toString());
      // S3-compatible servers (S3Proxy, MinIO) are addressed by path, not virtual host.
      props.put("s3.path-style-access", "true");
    }
    if (aws.getAwsRegion() != null) {
      props.put("client.region", aws.getAwsRegion().id());
    }
    AwsCredentialsProvider provider = aws.getAwsCredentialsProvider();
    // Keys given to the pipeline explicitly travel on to S3FileIO; otherwise it uses the default
    // chain too.
    if (provider instanceof StaticCredentialsProvider) {
      AwsCredentials credentials = provider.resolveCredentials();
      props.put("s3.access-key-id", credentials.accessKeyId());
      props.put("s3.secret-access-key", credentials.secretAccessKey());
      if (credentials instanceof AwsSessionCredentials) {
        props.put("s3.session-token", ((AwsSessionCredentials) credentials).sessionToken());
      }
    }
    return props;
  }

  private static Map<String, String> parseProperties(String value) {
    Map<String, String> props = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return props;
    }
    for (String pair : value.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidOptionException(
            "catalogProperties",
            "expected key=value pairs separated by commas, got '" + pair + "'");
      }
      props.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return props;
  }
}
