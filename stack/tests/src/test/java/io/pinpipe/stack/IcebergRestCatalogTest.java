package io.pinpipe.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The stack's Iceberg REST catalog ({@code bin/pinpipe-stack up iceberg}) driven by Iceberg's own
 * client: a table created and committed through it is read back by a fresh client, its metadata and
 * data files are objects in S3Proxy's {@code warehouse} bucket, PostgreSQL's {@code iceberg_tables}
 * points at its current metadata, and the server accepts connections on 127.0.0.1 only.
 */
class IcebergRestCatalogTest {
  /** The catalog name LoopbackRestCatalog gives its JDBC backend: iceberg_tables.catalog_name. */
  private static final String BACKEND_CATALOG = "pinpipe";

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "unique_id", Types.StringType.get()),
          Types.NestedField.required(2, "follower_count", Types.LongType.get()),
          Types.NestedField.optional(3, "timestamp", Types.TimestampType.withZone()));

  @BeforeAll
  static void stack() {
    LocalStack.up("iceberg");
  }

  @Test
  void tableCommittedThroughTheCatalogIsReadBackByAFreshClientAndLivesInS3ProxyAndPostgres()
      throws Exception {
    Namespace namespace =
        Namespace.of("it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    TableIdentifier id = TableIdentifier.of(namespace, "pin");
    List<Record> rows =
        List.of(
            row("a1", 10L, OffsetDateTime.of(2026, 12, 2, 8, 0, 0, 0, ZoneOffset.UTC)),
            row("b2", 2_500_000L, null),
            row("c3", 0L, OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)));
    String dataPath;
    try (RESTCatalog writer = client("writer")) {
      writer.createNamespace(namespace);
      try {
        Table table = writer.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
        dataPath = table.locationProvider().newDataLocation("part-00000.parquet");
        DataWriter<Record> out =
            Parquet.writeData(table.io().newOutputFile(dataPath))
                .schema(SCHEMA)
                .createWriterFunc(GenericParquetWriter::create)
                .withSpec(table.spec())
                .overwrite()
                .build();
        try (out) {
          rows.forEach(out::write);
        }
        table.newAppend().appendFile(out.toDataFile()).commit();

        try (RESTCatalog reader = client("reader")) {
          assertTrue(
              reader.listTables(namespace).contains(id), "the table is listed by a fresh client");
          Table read = reader.loadTable(id);
          assertNotNull(read.currentSnapshot(), "the append is committed");
          assertEquals("append", read.currentSnapshot().operation());
          assertEquals(SCHEMA.asStruct(), read.schema().asStruct());
          assertEquals(values(rows), values(readAll(read)));
          List<DataFile> added = new ArrayList<>();
          read.currentSnapshot().addedDataFiles(read.io()).forEach(added::add);
          assertEquals(1, added.size(), "files added by the snapshot: " + added);
          assertEquals(dataPath, added.get(0).location());
          assertEquals(FileFormat.PARQUET, added.get(0).format());
          assertEquals(rows.size(), added.get(0).recordCount());

          String tableLocation = "s3://warehouse/" + namespace.level(0) + "/pin";
          assertEquals(tableLocation, read.location());
          String metadataFile =
              ((HasTableOperations) read).operations().current().metadataFileLocation();
          String manifestList = read.currentSnapshot().manifestListLocation();

          List<String> objects = objects("warehouse", namespace.level(0) + "/pin/");
          assertTrue(objects.contains(key(metadataFile)), metadataFile + " in S3Proxy: " + objects);
          assertTrue(objects.contains(key(manifestList)), manifestList + " in S3Proxy: " + objects);
          assertTrue(objects.contains(key(dataPath)), dataPath + " in S3Proxy: " + objects);
          assertEquals(
              metadataFile,
              metadataLocationInPostgres(namespace.level(0), "pin"),
              "iceberg_tables in PostgreSQL database " + LocalStack.icebergDatabase());
        }
      } finally {
        writer.dropTable(id, true); // purge: the table's objects go too
        writer.dropNamespace(namespace);
      }
    }
    assertEquals(
        List.of(),
        objects("warehouse", namespace.level(0) + "/"),
        "dropping with purge removes the objects");
  }

  @Test
  void catalogAcceptsConnectionsOnLoopbackOnly() throws Exception {
    int port = URI.create(LocalStack.icebergUri()).getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000); // the control: it is up
    }
    List<String> listening = listeningAddresses(port);
    assertFalse(listening.isEmpty(), "ss lists a listener on port " + port);
    assertEquals(
        Collections.nCopies(listening.size(), "127.0.0.1"),
        listening,
        "RESTCatalogServer on its own would listen on 0.0.0.0");
    for (InetAddress address :
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(
                a ->
                    !a.isLoopbackAddress()
                        && !(a instanceof Inet6Address && a.isLinkLocalAddress()))
            .toList()) {
      try (Socket socket = new Socket()) {
        assertThrows(
            ConnectException.class,
            () -> socket.connect(new InetSocketAddress(address, port), 2_000),
            "port " + port + " must not answer on " + address.getHostAddress());
      }
    }
  }

  private static RESTCatalog client(String name) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize(name, LocalStack.icebergClientProperties());
    return catalog;
  }

  private static Record row(String uniqueId, long followerCount, OffsetDateTime timestamp) {
    GenericRecord record = GenericRecord.create(SCHEMA);
    record.setField("unique_id", uniqueId);
    record.setField("follower_count", followerCount);
    record.setField("timestamp", timestamp);
    return record;
  }

  private static List<Record> readAll(Table table) throws IOException {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> scan = IcebergGenerics.read(table).build()) {
      scan.forEach(records::add);
    }
    return records;
  }

  /** The rows as lists of field values, ordered by unique_id, for a readable comparison. */
  private static List<List<Object>> values(List<Record> records) {
    List<List<Object>> values = new ArrayList<>();
    for (Record record : records) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < record.size(); i++) {
        fields.add(record.get(i));
      }
      values.add(fields);
    }
    values.sort(Comparator.comparing(fields -> (String) fields.get(0)));
    return values;
  }

  private static String key(String s3Location) {
    return URI.create(s3Location).getPath().substring(1);
  }

  private static List<String> objects(String bucket, String prefix) {
    try (S3Client s3 = LocalStack.s3Client()) {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
          .map(S3Object::key)
          .toList();
    }
  }

  private static String metadataLocationInPostgres(String namespace, String table)
      throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", LocalStack.postgresUser());
    String password = System.getenv("PINPIPE_JDBC_PASSWORD");
    if (password != null && !password.isEmpty()) {
      properties.setProperty("password", password);
    }
    try (Connection connection =
            DriverManager.getConnection(
                LocalStack.postgresJdbcUrl(LocalStack.icebergDatabase()), properties);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT metadata_location FROM iceberg_tables"
                    + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?")) {
      query.setString(1, BACKEND_CATALOG);
      query.setString(2, namespace);
      query.setString(3, table);
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next(), "no row for " + namespace + "." + table + " in iceberg_tables");
        return result.getString(1);
      }
    }
  }

  /** Local addresses of the TCP listeners on the port, from ss (iproute2), without the port. */
  private static List<String> listeningAddresses(int port) throws Exception {
    Process ss =
        new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
    String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(ss.waitFor(10, TimeUnit.SECONDS) && ss.exitValue() == 0, "ss failed: " + output);
    return output
        .lines()
        .filter(line -> !line.isBlank())
        .map(line -> line.trim().split("\\s+")[3])
        .map(local -> local.substring(0, local.lastIndexOf(':')))
        .toList();
  }
}
