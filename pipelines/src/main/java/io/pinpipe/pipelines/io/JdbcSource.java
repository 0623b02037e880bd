package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.options.JdbcSourceOptions;
import io.pinpipe.pipelines.options.Secrets;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the three source tables with Beam's JdbcIO, in key-range partitions. Each row becomes the
 * JSON object of its columns (the same text an event carries), so rows from the database go through
 * exactly the parsing and cleaning of every other source.
 */
public final class JdbcSource implements RawRecordSource {
  private static final long serialVersionUID = 1L;

  private final String driverClass;
  private final String url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final String identifierQuote;
  private final int partitions;

  private JdbcSource(
      String driverClass,
      String url,
      @Nullable String user,
      @Nullable String password,
      String identifierQuote,
      int partitions) {
    this.driverClass = driverClass;
    this.url = url;
    this.user = user;
    this.password = password;
    this.identifierQuote = identifierQuote;
    this.partitions = partitions;
  }

  /**
   * Checks the options and connects once, so a wrong URL, driver or password fails before the
   * pipeline starts, with a message naming the option.
   */
  public static JdbcSource connect(JdbcSourceOptions options) {
    String url = options.getJdbcUrl();
    if (url == null || !url.startsWith("jdbc:")) {
      throw new InvalidOptionException(
          "jdbcUrl",
          "required with --source=jdbc, a JDBC URL such as jdbc:mariadb://127.0.0.1:3306/pinterest_data");
    }
    if (options.getJdbcPartitions() < 1) {
      throw new InvalidOptionException("jdbcPartitions", "must be at least 1");
    }
    String password = password(options);
    Driver driver;
    try {
      driver = DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new InvalidOptionException(
          "jdbcUrl",
          "no JDBC driver for '" + redact(url) + "' (drivers: H2, MariaDB/MySQL, PostgreSQL)");
    }
    Properties props = new Properties();
    if (options.getJdbcUser() != null) {
      props.setProperty("user", options.getJdbcUser());
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    String quote;
    try (Connection connection = driver.connect(url, props)) {
      quote = connection.getMetaData().getIdentifierQuoteString().trim();
    } catch (SQLException e) {
      throw new InvalidOptionException(
          "jdbcUrl",
          "cannot connect to "
              + redact(url)
              + " as "
              + options.getJdbcUser()
              + ": "
              + e.getMessage());
    }
    return new JdbcSource(
        driver.getClass().getName(),
        url,
        options.getJdbcUser(),
        password,
        quote,
        options.getJdbcPartitions());
  }

  @Override
  public PTransform<PBegin, PCollection<RawRecord>> read(TableSpec table) {
    JdbcIO.DataSourceConfiguration config = JdbcIO.DataSourceConfiguration.create(driverClass, url);
    if (user != null) {
      config = config.withUsername(user);
    }
    if (password != null) {
      config = config.withPassword(password);
    }
    return JdbcIO.<RawRecord, Long>readWithPartitions(TypeDescriptors.longs())
        .withDataSourceConfiguration(config)
        .withTable(quote(table.sourceTable()))
        .withPartitionColumn(quote(table.sourceKeyColumn()))
        .withNumPartitions(partitions)
        .withRowMapper(new JdbcRowToRawRecord(table));
  }

  @Override
  public void requireInput(List<? extends TableSpec> tables) {
    String table = "the source tables";
    try (Connection connection = openConnection();
        java.sql.Statement statement = connection.createStatement()) {
      for (TableSpec source : tables) {
        table = source.sourceTable();
        // Identifiers come from the table specs, never from input; COUNT(*) over a key-indexed
        // table is cheap.
        try (java.sql.ResultSet rows =
            statement.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
          if (rows.next() && rows.getLong(1) == 0) {
            throw new InvalidOptionException(
                "jdbcUrl",
                "source table "
                    + table
                    + " at "
                    + redactedUrl()
                    + " has no rows: nothing to clean");
          }
        }
      }
    } catch (SQLException e) {
      throw new InvalidOptionException(
          "jdbcUrl",
          "cannot count the rows of " + table + " at " + redactedUrl() + ": " + e.getMessage());
    }
  }

  /** {@code identifier} quoted for this database ({@code index} is a reserved word in MySQL). */
  public String quote(String identifier) {
    return identifierQuote + identifier + identifierQuote;
  }

  /** A new connection with the checked settings, for programs that query the tables directly. */
  public Connection openConnection() throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getDriver(url).connect(url, props);
  }

  /** The URL with any credentials in its parameters masked, for messages. */
  public String redactedUrl() {
    return redact(url);
  }

  private static @Nullable String password(JdbcSourceOptions options) {
    return Secrets.read(
        "jdbcPasswordFile", options.getJdbcPasswordFile(), options.getJdbcPasswordEnv());
  }

  @Override
  public java.util.Map<String, String> describe() {
    // A database has no offsets: the source and the time the run started reading stand for them.
    return java.util.Map.of(
        "pinpipe.input",
        "jdbc:" + redactedUrl(),
        "pinpipe.input-read-at",
        java.time.Instant.now().toString());
  }

  /** URLs can carry credentials as parameters; never print those. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password|pwd|secret)=[^&;]*", "$1=***");
  }
}
