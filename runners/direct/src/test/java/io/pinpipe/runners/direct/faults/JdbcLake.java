package io.pinpipe.runners.direct.faults;

import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.iceberg.CommitRun;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.transforms.model.Table;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The curated tables of a fault test: Iceberg's JDBC catalog in a database of its own on the
 * machine's PostgreSQL (trust auth, user postgres), the warehouse in a bucket of its own on the
 * private S3Proxy ({@link PrivateStack}). Reads what a test asserts: each table's snapshots and the
 * run ids in their history, the catalog's metadata pointers (cheap enough to poll), and the files
 * under a table's folders that no snapshot names.
 */
final class JdbcLake implements AutoCloseable {
  static final String IDENTITY = "local-identity";
  static final String CREDENTIAL = "local-credential";
  private static final int POSTGRES_PORT =
      Integer.parseInt(System.getenv().getOrDefault("PINPIPE_POSTGRES_PORT", "5432"));
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/";
  static final LakeTables TABLES = LakeTables.defaults();

  final String database;
  final String bucket;
  final String warehouse;
  final CatalogConfig catalog;

  private JdbcLake(String database, String bucket) {
    this.database = database;
    this.bucket = bucket;
    this.warehouse = "s3://" + bucket + "/warehouse";
    this.catalog =
        CatalogConfig.of(
            "pinpipe",
            CatalogConfig.Kind.JDBC,
            warehouse,
            SERVER + database,
            Map.of(
                "jdbc.user",
                "postgres",
                "s3.endpoint",
                PrivateStack.s3Endpoint(),
                "s3.path-style-access",
                "true",
                "client.region",
                "us-east-1",
                "s3.access-key-id",
                IDENTITY,
                "s3.secret-access-key",
                CREDENTIAL));
  }

  /** A new database on PostgreSQL and a new bucket on the private S3Proxy. */
  static JdbcLake create(String name) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    JdbcLake lake = new JdbcLake("pinpipe_" + name.replace('-', '_') + "_" + id, name + "-" + id);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + lake.database);
    }
    try (S3Client s3 = s3()) {
      s3.createBucket(b -> b.bucket(lake.bucket));
    }
    return lake;
  }

  /** The options of a pipeline that writes these tables. */
  List<String> options() {
    return List.of(
        "--catalog=jdbc",
        "--catalogUri=" + SERVER + database,
        "--catalogUser=postgres",
        "--warehouse=" + warehouse,
        "--awsRegion=us-east-1",
        "--endpoint=" + PrivateStack.s3Endpoint(),
        "--s3ClientFactoryClass=io.pinpipe.pipelines.io.PathStyleS3ClientBuilderFactory",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
            + IDENTITY
            + "\",\"secretAccessKey\":\""
            + CREDENTIAL
            + "\"}");
  }

  LakeRows rows() {
    return LakeRows.of(catalog);
  }

  /** The tables a clean run commits: the three batch views and the dead-letter table. */
  static List<TableIdentifier> batchTables() {
    List<TableIdentifier> ids = new ArrayList<>();
    for (Table table : Table.values()) {
      ids.add(TABLES.batchView(table));
    }
    ids.add(TABLES.deadLetters());
    return ids;
  }

  /**
   * The metadata file each table of the catalog points at, straight from the JDBC catalog's own
   * table (one query, so a test can poll it every few milliseconds); empty before the first launch.
   */
  Map<String, String> metadataPointers() {
    Map<String, String> pointers = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT table_namespace, table_name, metadata_location FROM iceberg_tables")) {
      while (r.next()) {
        pointers.put(r.getString(1) + "." + r.getString(2), r.getString(3));
      }
    } catch (SQLException e) {
      // The catalog's tables do not exist before the first launch creates them.
    }
    return pointers;
  }

  /** One table's state: its current snapshot and the run id of every snapshot in its history. */
  static final class TableState {
    final long current;
    final String currentRun;
    final List<String> runs;

    TableState(long current, String currentRun, List<String> runs) {
      this.current = current;
      this.currentRun = currentRun;
      this.runs = runs;
    }

    @Override
    public String toString() {
      return "snapshot " + current + " of run " + currentRun + ", history " + runs;
    }
  }

  Map<TableIdentifier, TableState> states() {
    Map<TableIdentifier, TableState> states = new LinkedHashMap<>();
    Catalog opened = catalog.connect();
    try {
      for (TableIdentifier id : batchTables()) {
        org.apache.iceberg.Table table = opened.loadTable(id);
        List<String> runs = new ArrayList<>();
        table.snapshots().forEach(s -> runs.add(s.summary().get(CommitRun.RUN_ID)));
        Snapshot current = table.currentSnapshot();
        states.put(
            id,
            current == null
                ? new TableState(-1, null, runs)
                : new TableState(
                    current.snapshotId(), current.summary().get(CommitRun.RUN_ID), runs));
      }
    } finally {
      CatalogConfig.close(opened);
    }
    return states;
  }

  /** What a table's folders hold that no snapshot names: data files, and metadata files. */
  static final class Unreferenced {
    final List<String> dataFiles = new ArrayList<>();
    final List<String> metadataFiles = new ArrayList<>();

    int total() {
      return dataFiles.size() + metadataFiles.size();
    }
  }

  /**
   * Per table, the objects under its data/ and metadata/ folders that neither a snapshot nor the
   * metadata log names.
   */
  Map<TableIdentifier, Unreferenced> unreferenced() {
    Map<TableIdentifier, Unreferenced> found = new LinkedHashMap<>();
    Catalog opened = catalog.connect();
    try (S3Client s3 = s3()) {
      for (TableIdentifier id : batchTables()) {
        org.apache.iceberg.Table table = opened.loadTable(id);
        Set<String> named = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
          for (DataFile file : snapshot.addedDataFiles(table.io())) {
            named.add(key(file.location()));
          }
          named.add(key(snapshot.manifestListLocation()));
          for (ManifestFile manifest : snapshot.allManifests(table.io())) {
            named.add(key(manifest.path()));
          }
        }
        TableMetadata metadata = ((HasTableOperations) table).operations().current();
        named.add(key(metadata.metadataFileLocation()));
        metadata.previousFiles().forEach(entry -> named.add(key(entry.file())));
        String prefix = key(table.location()) + "/";
        Unreferenced leftovers = new Unreferenced();
        for (S3Object object :
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
          if (!named.contains(object.key())) {
            (object.key().startsWith(prefix + "data/")
                    ? leftovers.dataFiles
                    : leftovers.metadataFiles)
                .add(object.key());
          }
        }
        found.put(id, leftovers);
      }
    } finally {
      CatalogConfig.close(opened);
    }
    return found;
  }

  /** The object key of an {@code s3://bucket/key} location. */
  private String key(String location) {
    URI uri = URI.create(location);
    return uri.getPath().replaceFirst("^/+", "");
  }

  /**
   * Data files (batch-*.parquet) the tables hold in the S3Proxy's store, straight from its folder.
   */
  long dataFilesInStore() {
    java.nio.file.Path root =
        PrivateStack.DIR.resolve("s3proxy/data").resolve(bucket).resolve("warehouse");
    if (!java.nio.file.Files.isDirectory(root)) {
      return 0;
    }
    try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(root)) {
      return paths
          .filter(
              p ->
                  p.getFileName().toString().startsWith("batch-")
                      && p.toString().endsWith(".parquet"))
          .count();
    } catch (Exception e) {
      return -1; // a file renamed while listing: look again
    }
  }

  static S3Client s3() {
    return S3Client.builder()
        .endpointOverride(URI.create(PrivateStack.s3Endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .build();
  }

  /** Drops the database (the bucket goes with the private stack's state dir). */
  @Override
  public void close() throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }
}
