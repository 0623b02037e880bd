import io.pinpipe.testdata.SourceTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Recreates the three source tables (pinterest_data, geolocation_data, user_data) in a database in
 * the original database's shape ({@link SourceTables#loadOriginalShape}: 11,154 rows each, the row at
 * offset k with key k, every real sample row, the keys they miss generated and listed in the table
 * generated_rows), then prints the row count of each table and how many of its rows are generated. Used by
 * {@code bin/pinpipe-stack seed}; a single-file program for the Java 17 source launcher:
 *
 * <pre>
 *   java -cp runners/direct/target/pinpipe-direct.jar stack/SeedSourceTables.java JDBC_URL USER
 * </pre>
 *
 * <p>The password, if any, comes from the environment variable {@code PINPIPE_JDBC_PASSWORD}, never
 * from the command line. The JDBC drivers (MariaDB, PostgreSQL, H2) are in the runnable jar.
 */
public class SeedSourceTables {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SeedSourceTables <jdbcUrl> <user>   (password from env PINPIPE_JDBC_PASSWORD)");
      System.exit(2);
    }
    Properties properties = new Properties();
    properties.setProperty("user", args[1]);
    String password = System.getenv("PINPIPE_JDBC_PASSWORD");
    if (password != null && !password.isEmpty()) {
      properties.setProperty("password", password);
    }
    try (Connection connection = DriverManager.getConnection(args[0], properties)) {
      long start = System.nanoTime();
      SourceTables.loadOriginalShape(connection);
      String quote = connection.getMetaData().getIdentifierQuoteString().trim();
      try (Statement statement = connection.createStatement()) {
        for (SourceTables.Definition table : SourceTables.Definition.values()) {
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT COUNT(*) FROM " + quote + table.tableName() + quote)) {
            rows.next();
            System.out.printf("  %-17s %6d rows (%d generated)%n", table.tableName(), rows.getLong(1),
                SourceTables.generatedKeys(table.id()).size());
          }
        }
      }
      System.out.printf("  loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
  }
}
