package io.pinpipe.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Creates the three source ("RDS") tables of data-model.md in any JDBC database and loads raw rows
 * into them, with parameterised statements. Used by the demo (H2), by tests against MariaDB and
 * PostgreSQL, and by {@code bin/pinpipe-stack seed}.
 *
 * <p>{@link #loadOriginalShape} gives a database the shape of the original one: {@value
 * #ORIGINAL_ROWS} rows in each table, keys 0…{@value #ORIGINAL_ROWS}−1, the row at offset k with
 * key k (the original posting clients read {@code SELECT * FROM pinterest_data LIMIT k, 1} and
 * expect the three rows of one k to share a key). The real rows are kept as they are; the keys they
 * miss (only pin misses any) are filled with {@link RowGenerator} rows of seed {@value #FILL_SEED},
 * and the side table {@value #GENERATED_ROWS} names each filled key, so the real rows stay the
 * golden set.
 *
 * <p>Latitude and longitude are stored as double precision, not MySQL's single-precision FLOAT, so
 * a round trip through the database keeps every value exactly as in the sample rows.
 */
public final class SourceTables {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Rows per table in the original database: keys 0…11153, the row at offset k has key k. */
  public static final int ORIGINAL_ROWS = 11_154;

  /** Seed of the {@link RowGenerator} rows that fill the keys the real rows miss. */
  public static final long FILL_SEED = 20240601L;

  /** The side table that names the generated rows: {@code (source_table, row_key)}. */
  public static final String GENERATED_ROWS = "generated_rows";

  private static final Map<String, List<String>> ORIGINAL_SHAPE = new ConcurrentHashMap<>();

  /** One source table: its name and its columns with portable type names. */
  public enum Definition {
    PIN(
        "pin",
        "pinterest_data",
        List.of(
            col("index", "INT"),
            col("unique_id", "VARCHAR(64)"),
            col("title", "TEXT"),
            col("description", "TEXT"),
            col("poster_name", "TEXT"),
            col("follower_count", "VARCHAR(64)"),
            col("tag_list", "TEXT"),
            col("is_image_or_video", "VARCHAR(64)"),
            col("image_src", "TEXT"),
            col("downloaded", "INT"),
            col("save_location", "VARCHAR(255)"),
            col("category", "VARCHAR(64)"))),
    GEO(
        "geo",
        "geolocation_data",
        List.of(
            col("ind", "INT"),
            col("timestamp", "DATETIME"),
            col("latitude", "DOUBLE"),
            col("longitude", "DOUBLE"),
            col("country", "VARCHAR(255)"))),
    USER(
        "user",
        "user_data",
        List.of(
            col("ind", "INT"),
            col("first_name", "VARCHAR(255)"),
            col("last_name", "VARCHAR(255)"),
            col("age", "INT"),
            col("date_joined", "DATETIME")));

    final String id;
    final String tableName;
    final List<String[]> columns;

    Definition(String id, String tableName, List<String[]> columns) {
      this.id = id;
      this.tableName = tableName;
      this.columns = columns;
    }

    public String tableName() {
      return tableName;
    }

    /** {@code pin}, {@code geo} or {@code user}. */
    public String id() {
      return id;
    }

    /** The key column: {@code index} (pin) or {@code ind}. */
    public String keyColumn() {
      return columns.get(0)[0];
    }

    public static Definition of(String id) {
      for (Definition d : values()) {
        if (d.id.equals(id)) {
          return d;
        }
      }
      throw new IllegalArgumentException("unknown table " + id);
    }
  }

  private SourceTables() {}

  /** Drops and creates the three tables (and drops {@value #GENERATED_ROWS}). */
  public static void recreate(Connection connection) throws SQLException {
    String quote = connection.getMetaData().getIdentifierQuoteString().trim();
    boolean mysql = isMySql(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + quote + GENERATED_ROWS + quote);
      for (Definition table : Definition.values()) {
        statement.execute("DROP TABLE IF EXISTS " + quote + table.tableName + quote);
        String columns =
            table.columns.stream()
                .map(c -> quote + c[0] + quote + " " + typeFor(c[1], mysql))
                .collect(Collectors.joining(", "));
        String key = quote + table.columns.get(0)[0] + quote;
        String charset = mysql ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : "";
        statement.execute(
            "CREATE TABLE "
                + quote
                + table.tableName
                + quote
                + " ("
                + columns
                + ", PRIMARY KEY ("
                + key
                + "))"
                + charset);
      }
    }
  }

  /** Inserts raw rows (JSON objects with the table's column names) into the table {@code id}. */
  public static void load(Connection connection, String id, List<String> jsonRows)
      throws SQLException {
    Definition table = Definition.of(id);
    String quote = connection.getMetaData().getIdentifierQuoteString().trim();
    String names =
        table.columns.stream().map(c -> quote + c[0] + quote).collect(Collectors.joining(", "));
    String marks = table.columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String sql =
        "INSERT INTO "
            + quote
            + table.tableName
            + quote
            + " ("
            + names
            + ") VALUES ("
            + marks
            + ")";
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      int batched = 0;
      for (String line : jsonRows) {
        JsonNode row = parse(line);
        for (int i = 0; i < table.columns.size(); i++) {
          bind(insert, i + 1, table.columns.get(i)[1], row.get(table.columns.get(i)[0]));
        }
        insert.addBatch();
        if (++batched % 1000 == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
      connection.commit();
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Recreates the tables and loads every real sample row. */
  public static void loadRealRows(Connection connection) throws SQLException {
    recreate(connection);
    for (Definition table : Definition.values()) {
      load(connection, table.id, RealRows.lines(table.id));
    }
  }

  /**
   * Recreates the tables in the original database's shape ({@value #ORIGINAL_ROWS} rows each,
   * offset = key, inserted in key order): every real row, the missing keys generated, and the table
   * {@value #GENERATED_ROWS} listing the generated ones.
   */
  public static void loadOriginalShape(Connection connection) throws SQLException {
    recreate(connection);
    String quote = connection.getMetaData().getIdentifierQuoteString().trim();
    String side = quote + GENERATED_ROWS + quote;
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + side
              + " ("
              + quote
              + "source_table"
              + quote
              + " VARCHAR(64), "
              + quote
              + "row_key"
              + quote
              + " INT, PRIMARY KEY ("
              + quote
              + "source_table"
              + quote
              + ", "
              + quote
              + "row_key"
              + quote
              + "))");
    }
    boolean autoCommit = connection.getAutoCommit();
    for (Definition table : Definition.values()) {
      load(connection, table.id, originalShape(table.id));
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + side
                  + " ("
                  + quote
                  + "source_table"
                  + quote
                  + ", "
                  + quote
                  + "row_key"
                  + quote
                  + ") VALUES (?, ?)")) {
        for (long key : generatedKeys(table.id)) {
          insert.setString(1, table.tableName);
          insert.setLong(2, key);
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  /**
   * The rows of table {@code id} in the original database's shape: keys 0…{@value #ORIGINAL_ROWS}−1
   * in key order, the real row where there is one (byte for byte), else the generated row.
   */
  public static List<String> originalShape(String id) {
    return ORIGINAL_SHAPE.computeIfAbsent(id, SourceTables::fillGaps);
  }

  /**
   * The keys of table {@code id} that {@link #originalShape} fills with generated rows, ascending.
   */
  public static List<Long> generatedKeys(String id) {
    List<Long> keys = new ArrayList<>();
    Set<Long> real = realKeys(id).keySet();
    for (long key = 0; key < ORIGINAL_ROWS; key++) {
      if (!real.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static List<String> fillGaps(String id) {
    TreeMap<Long, String> real = realKeys(id);
    RowGenerator generator = new RowGenerator(FILL_SEED);
    List<String> rows = new ArrayList<>(ORIGINAL_ROWS);
    for (long key = 0; key < ORIGINAL_ROWS; key++) {
      String row = real.get(key);
      rows.add(row != null ? row : generator.row(id, key));
    }
    return List.copyOf(rows);
  }

  private static TreeMap<Long, String> realKeys(String id) {
    String keyColumn = Definition.of(id).keyColumn();
    TreeMap<Long, String> byKey = new TreeMap<>();
    for (String line : RealRows.lines(id)) {
      long key = parse(line).get(keyColumn).asLong();
      if (key < 0 || key >= ORIGINAL_ROWS || byKey.put(key, line) != null) {
        throw new IllegalStateException(
            id + ": real row with a key outside 0…" + (ORIGINAL_ROWS - 1) + " or twice: " + key);
      }
    }
    return byKey;
  }

  private static void bind(PreparedStatement insert, int index, String type, JsonNode value)
      throws SQLException {
    if (value == null || value.isNull()) {
      insert.setNull(index, sqlType(type));
    } else if (type.equals("INT")) {
      insert.setLong(index, value.asLong());
    } else if (type.equals("DOUBLE")) {
      insert.setDouble(index, value.asDouble());
    } else if (type.equals("DATETIME")) {
      // A LocalDateTime, not a Timestamp: no time-zone conversion on the way in.
      insert.setObject(index, LocalDateTime.parse(value.asText(), DATETIME));
    } else {
      insert.setString(index, value.asText());
    }
  }

  private static int sqlType(String type) {
    switch (type) {
      case "INT":
        return Types.INTEGER;
      case "DOUBLE":
        return Types.DOUBLE;
      case "DATETIME":
        return Types.TIMESTAMP;
      default:
        return Types.VARCHAR;
    }
  }

  private static String typeFor(String portable, boolean mysql) {
    if (mysql) {
      return portable;
    }
    switch (portable) {
      case "DATETIME":
        return "TIMESTAMP";
      case "DOUBLE":
        return "DOUBLE PRECISION";
      default:
        return portable;
    }
  }

  private static boolean isMySql(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    return product.contains("mysql") || product.contains("mariadb");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON row: " + line, e);
    }
  }

  private static String[] col(String name, String type) {
    return new String[] {name, type};
  }
}
