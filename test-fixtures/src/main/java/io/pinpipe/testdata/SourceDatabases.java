package io.pinpipe.testdata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Source ("RDS") databases of a test's own on the MariaDB server, made anew for each test class.
 */
public final class SourceDatabases {
  private SourceDatabases() {}

  /**
   * Drops and creates the database {@code name} on the MariaDB server at {@code serverUrl} (ending
   * in {@code /}), in utf8mb4 with a binary collation so every text round-trips exactly; returns
   * its JDBC URL.
   */
  public static String recreate(String serverUrl, String name) throws SQLException {
    // An identifier cannot be a statement parameter: only a plain name is accepted.
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = DriverManager.getConnection(serverUrl, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    return serverUrl + name;
  }

  /** {@link #recreate} with the three source tables holding the real rows. */
  public static String withRealRows(String serverUrl, String name) throws SQLException {
    String url = recreate(serverUrl, name);
    try (Connection c = DriverManager.getConnection(url, "root", "")) {
      SourceTables.loadRealRows(c);
    }
    return url;
  }
}
