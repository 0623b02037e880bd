package io.pinpipe.pipelines.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.testdata.SourceDatabases;
import io.pinpipe.testdata.SourceTables;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code clean --source=jdbc} against real database servers (MariaDB, the RDS stand-in, and
 * PostgreSQL, both running on the development and CI machines) and embedded H2: the curated output
 * equals the golden output of the raw files, and a row the cleaning rules reject is dead-lettered
 * with its {@code jdbc:<table>/<key>} source. Server URLs can be changed with the environment
 * variables {@code PINPIPE_IT_MARIADB_URL} and {@code PINPIPE_IT_POSTGRES_URL}.
 */
class CleanFromDatabaseTest {
  private static final String DATABASE = "pinpipe_it";

  @TempDir Path work;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mariadb", "postgresql", "h2"})
  void cleanFromTheSourceTablesEqualsCleanFromRawFiles(String product) throws Exception {
    String url = prepareDatabase(product);
    try (Connection connection = DriverManager.getConnection(url, user(product), "")) {
      SourceTables.loadRealRows(connection);
      // One row the rules reject: a follower count that is not a number (cleaning.md §2 step 2).
      String quote = connection.getMetaData().getIdentifierQuoteString();
      try (PreparedStatement insert =
          connection.prepareStatement(
              String.format(
                  "INSERT INTO %1$spinterest_data%1$s (%1$sindex%1$s, %1$sunique_id%1$s,"
                      + " %1$sfollower_count%1$s, %1$scategory%1$s) VALUES (?, ?, ?, ?)",
                  quote))) {
        insert.setInt(1, 999_999);
        insert.setString(2, "00000000-0000-0000-0000-000000000000");
        insert.setString(3, "lots");
        insert.setString(4, "art");
        insert.executeUpdate();
      }

      Path out = work.resolve("out");
      RunReport report =
          CleanPipeline.run(
              PipelineOptionsFactory.fromArgs(
                      "--runner=DirectRunner",
                      "--source=jdbc",
                      "--jdbcUrl=" + url,
                      "--jdbcUser=" + user(product),
                      "--jdbcPartitions=3",
                      "--output=" + out)
                  .as(CleanPipeline.Options.class));

      for (Table table : Table.values()) {
        assertEquals(
            CleanPipelineTest.golden(table),
            LakeRows.embedded(out).batchView(table),
            product + " " + table);
        assertEquals(
            report.get(table).read,
            report.get(table).curatedBeforeDedup + report.get(table).deadLettered);
      }
      assertEquals(1, report.get(Table.PIN).deadLettered);
      List<String> deadLetters = LakeRows.embedded(out).deadLetters("clean", Table.PIN);
      assertEquals(1, deadLetters.size());
      assertTrue(
          deadLetters.get(0).contains("\"source\":\"jdbc:pinterest_data/999999\""),
          deadLetters.get(0));
      assertTrue(
          deadLetters.get(0).contains("\"error\":\"follower_count: 'lots'"), deadLetters.get(0));
    }
  }

  private static String user(String product) {
    return product.equals("postgresql") ? "postgres" : product.equals("mariadb") ? "root" : "sa";
  }

  /** Creates an empty test database on the server and returns its URL. */
  private String prepareDatabase(String product) throws Exception {
    switch (product) {
      case "mariadb":
        {
          String server = env("PINPIPE_IT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
          SourceDatabases.recreate(server, DATABASE);
          return server + DATABASE;
        }
      case "postgresql":
        {
          String server = env("PINPIPE_IT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/");
          try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", "");
              Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
          }
          return server + DATABASE;
        }
      default:
        return "jdbc:h2:mem:" + DATABASE + ";DB_CLOSE_DELAY=-1";
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
