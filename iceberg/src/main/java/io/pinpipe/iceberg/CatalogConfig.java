package io.pinpipe.iceberg;

import java.io.Serializable;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * Which Iceberg catalog holds the curated tables, chosen at launch, and everything a worker needs
 * to open it again: plain catalog properties, so the config travels with the pipeline. Secrets (a
 * JDBC password, static S3 keys) are among the properties but never in {@link #toString()}.
 */
public final class CatalogConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of catalog pinpipe speaks. */
  public enum Kind {
    /** Iceberg's Hadoop catalog: the warehouse folder is the catalog; no server. */
    EMBEDDED,
    /**
     * The Iceberg REST catalog protocol (Polaris, Glue, Unity, Nessie, the iceberg-rest fixture).
     */
    REST,
    /** Iceberg's JDBC catalog (PostgreSQL, MariaDB/MySQL). */
    JDBC
  }

  private static final String[] SECRET_WORDS = {
    "password", "secret", "credential", "token", "key-id"
  };

  private final String name;
  private final Kind kind;
  private final TreeMap<String, String> properties;

  private CatalogConfig(String name, Kind kind, Map<String, String> properties) {
    this.name = name;
    this.kind = kind;
    this.properties = new TreeMap<>(properties);
  }

  /**
   * A catalog of {@code kind} with its warehouse ({@code /path}, {@code file:/path} or {@code
   * s3://bucket/prefix}), {@code uri} for REST and JDBC, and any further Iceberg catalog properties
   * (e.g. {@code s3.endpoint}).
   */
  public static CatalogConfig of(
      String name, Kind kind, String warehouse, String uri, Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    switch (kind) {
      case EMBEDDED:
        props.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP);
        break;
      case REST:
        props.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_REST);
        props.put(CatalogProperties.URI, uri);
        break;
      case JDBC:
        props.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
        props.put(CatalogProperties.URI, uri);
        break;
      default:
        throw new IllegalArgumentException(kind.toString());
    }
    if (warehouse != null) {
      props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    }
    // The embedded catalog is local; the others may hold tables in local folders or s3:// alike.
    // (HadoopCatalog does not close the FileIO it loads, and ResolvingFileIO warns when unclosed.)
    props.put(
        CatalogProperties.FILE_IO_IMPL,
        kind == Kind.EMBEDDED
            ? "org.apache.iceberg.hadoop.HadoopFileIO"
            : "org.apache.iceberg.io.ResolvingFileIO");
    props.putAll(extra);
    return new CatalogConfig(name, kind, props);
  }

  public static boolean isS3(String location) {
    String scheme = URI.create(location.replace(" ", "%20")).getScheme();
    return scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("s3");
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public Map<String, String> properties() {
    return Collections.unmodifiableMap(properties);
  }

  /** Opens the catalog; callers close it when they are done (it holds connections). */
  public Catalog connect() {
    return CatalogUtil.buildIcebergCatalog(name, properties, new Configuration());
  }

  /**
   * Closes an opened catalog (the JDBC and REST catalogs hold connections). A failure to close is
   * not worth failing the caller's work for.
   *
   * <p>A Hadoop (embedded) catalog is left open: it holds no connection, and its close() closes
   * Iceberg's JVM-wide default lock manager, whose shared heartbeat scheduler then rejects the
   * commit another embedded catalog of the same JVM is making (RejectedExecutionException; seen in
   * ServeApiTest, and possible on the DirectRunner when one step's teardown overlaps the commit):
   * apache/iceberg#15861, fixed after 1.10.
   */
  public static void close(Catalog catalog) {
    if (catalog instanceof org.apache.iceberg.hadoop.HadoopCatalog) {
      return;
    }
    if (catalog instanceof AutoCloseable) {
      try {
        ((AutoCloseable) catalog).close();
      } catch (Exception e) {
        // Its work is done; only connections are left, and they go with the JVM.
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(kind.toString().toLowerCase(Locale.ROOT))
            .append(" catalog ")
            .append(name)
            .append(" {");
    String separator = "";
    for (Map.Entry<String, String> e : properties.entrySet()) {
      text.append(separator)
          .append(e.getKey())
          .append('=')
          .append(isSecret(e.getKey()) ? "****" : e.getValue());
      separator = ", ";
    }
    return text.append('}').toString();
  }

  static boolean isSecret(String property) {
    String lower = property.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
