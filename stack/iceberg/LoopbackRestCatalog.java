import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The Iceberg REST catalog of the local stack, on 127.0.0.1 only. A single file against the jars of
 * {@code stack/iceberg/pom.xml}; {@code bin/pinpipe-stack up iceberg} compiles it once into the state
 * dir and runs the class. By hand, the Java 17 source launcher runs it as it is:
 *
 * <pre>
 *   java -cp '<state>/iceberg/lib/*' stack/iceberg/LoopbackRestCatalog.java --port 19120 --properties catalog.properties
 * </pre>
 *
 * <p>Why not the jar's own main class: {@code RESTCatalogServer} (iceberg-open-api 1.10.0) opens its
 * Jetty on 0.0.0.0 whatever it is told; only its port is configurable. This program serves the same
 * servlet ({@code RESTCatalogServlet} over {@code RESTCatalogAdapter}) from a Jetty connector bound
 * to 127.0.0.1.
 *
 * <p>The backend catalog is built by {@code CatalogUtil.buildIcebergCatalog} from the properties
 * file (catalog-impl, uri, warehouse, io-impl, s3.*, jdbc.user ...). Secrets never go in that file:
 * S3FileIO takes its keys from the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of this
 * process), and a database password, if any, comes from the environment variable
 * PINPIPE_JDBC_PASSWORD. Nothing secret is printed.
 */
public class LoopbackRestCatalog {
  private static final String HOST = "127.0.0.1";
  private static final String CATALOG_NAME = "pinpipe";

  public static void main(String[] args) throws Exception {
    int port = -1;
    Path propertiesFile = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--properties" -> propertiesFile = Path.of(args[i + 1]);
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (port < 0 || propertiesFile == null || args.length % 2 != 0) {
      usage("--port and --properties are required");
    }

    Map<String, String> properties = load(propertiesFile);
    String password = System.getenv("PINPIPE_JDBC_PASSWORD");
    if (password != null && !password.isEmpty()) {
      properties.put("jdbc.password", password);
    }
    long start = System.nanoTime();
    Catalog catalog = CatalogUtil.buildIcebergCatalog(CATALOG_NAME, properties, new Configuration());
    RESTCatalogAdapter adapter = new RESTCatalogAdapter(catalog);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(HOST);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addServlet(new ServletHolder(new RESTCatalogServlet(adapter)), "/*");
    context.insertHandler(new GzipHandler()); // table metadata JSON grows with every snapshot
    server.setHandler(context);
    // TERM from bin/pinpipe-stack down: stop taking requests first, then close the catalog's JDBC
    // connections and S3 clients (one hook, so the two never overlap).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, catalog), "stop-catalog"));
    server.start();

    // Only names and locations: the properties file holds no secret, but print a whitelist anyway.
    System.out.printf(
        "LoopbackRestCatalog: catalog '%s' (%s, uri %s, warehouse %s, io-impl %s, s3.endpoint %s) "
            + "listening on http://%s:%d in %.1f s%n",
        CATALOG_NAME,
        properties.get("catalog-impl"),
        properties.get("uri"),
        properties.get("warehouse"),
        properties.get("io-impl"),
        properties.get("s3.endpoint"),
        HOST,
        connector.getLocalPort(),
        (System.nanoTime() - start) / 1e9);
    server.join();
  }

  private static Map<String, String> load(Path file) throws IOException {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(reader);
    }
    Map<String, String> properties = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> properties.put(name, loaded.getProperty(name).trim()));
    return properties;
  }

  private static void stop(Server server, Catalog catalog) {
    try {
      server.stop();
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      System.err.println("LoopbackRestCatalog: stopping failed: " + e);
    }
  }

  private static void usage(String problem) {
    System.err.println("LoopbackRestCatalog: " + problem);
    System.err.println("usage: java -cp '<iceberg-open-api jar>:<postgresql jar>' LoopbackRestCatalog.java"
        + " --port PORT --properties CATALOG_PROPERTIES_FILE");
    System.exit(2);
  }
}
