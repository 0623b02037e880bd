package io.pinpipe.transforms.model;

import java.util.Locale;

/**
 * The three tables of a posting event. Which table a record belongs to always comes from where it
 * was read (topic, stream, input option or source table), never from its fields (cleaning.md §1).
 */
public enum Table {
  PIN("pin", "pinterest_data", "index"),
  GEO("geo", "geolocation_data", "ind"),
  USER("user", "user_data", "ind");

  private final String id;
  private final String sourceTable;
  private final String sourceKeyColumn;

  Table(String id, String sourceTable, String sourceKeyColumn) {
    this.id = id;
    this.sourceTable = sourceTable;
    this.sourceKeyColumn = sourceKeyColumn;
  }

  /**
   * Short name used in topics, streams, output folders and metrics: {@code pin}, {@code geo},
   * {@code user}.
   */
  public String id() {
    return id;
  }

  /** The id capitalised, for step names: {@code Pin}, {@code Geo}, {@code User}. */
  public String stepName() {
    return Character.toUpperCase(id.charAt(0)) + id.substring(1);
  }

  /** Name of the table in the source ("RDS") database. */
  public String sourceTable() {
    return sourceTable;
  }

  /**
   * Name of the key column in the source database ({@code index} for pin, a MySQL reserved word).
   */
  public String sourceKeyColumn() {
    return sourceKeyColumn;
  }

  /** Parses {@code pin|geo|user}, case-insensitively. */
  public static Table fromId(String id) {
    for (Table table : values()) {
      if (table.id.equals(id.toLowerCase(Locale.ROOT))) {
        return table;
      }
    }
    throw new IllegalArgumentException(
        "unknown table '" + id + "': expected one of pin, geo, user");
  }
}
