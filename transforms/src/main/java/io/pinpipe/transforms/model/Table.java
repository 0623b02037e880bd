package io.pinpipe.transforms.model;

import io.pinpipe.transforms.clean.GeoCleaner;
import io.pinpipe.transforms.clean.PinCleaner;
import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.clean.UserCleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The three tables of a posting event, and everything a table is: its id, its source table and key
 * column there, its topic and stream names, its curated schema and key column, and its cleaner.
 * Every other part of pinpipe asks a table for these instead of building them. Which table a record
 * belongs to always comes from where it was read (topic, stream, input option or source table),
 * never from its fields (cleaning.md §1).
 */
public enum Table {
  PIN("pin", "pinterest_data", "index", CuratedSchemas.PIN, PinCleaner::new),
  GEO("geo", "geolocation_data", "ind", CuratedSchemas.GEO, GeoCleaner::new),
  USER("user", "user_data", "ind", CuratedSchemas.USER, UserCleaner::new);

  /** data-model.md: the key column of every curated table, the one the tables are joined on. */
  public static final String KEY_COLUMN = "ind";

  private final String id;
  private final String sourceTable;
  private final String sourceKeyColumn;
  private final Schema curatedSchema;
  private final Supplier<RecordCleaner> cleaner;

  Table(
      String id,
      String sourceTable,
      String sourceKeyColumn,
      Schema curatedSchema,
      Supplier<RecordCleaner> cleaner) {
    this.id = id;
    this.sourceTable = sourceTable;
    this.sourceKeyColumn = sourceKeyColumn;
    this.curatedSchema = curatedSchema;
    this.cleaner = cleaner;
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

  /** The curated rows' schema, in the column order of cleaning.md §2–§4. */
  public Schema curatedSchema() {
    return curatedSchema;
  }

  /** A new cleaner of this table's records (cleaning.md §2–§4). */
  public RecordCleaner cleaner() {
    return cleaner.get();
  }

  /** data-model.md: the Kafka topic of this table, {@code <prefix>.pin|geo|user}. */
  public String topic(String prefix) {
    return prefix + "." + id;
  }

  /** data-model.md: the Kinesis stream of this table, {@code streaming-<prefix>-pin|geo|user}. */
  public String stream(String prefix) {
    return "streaming-" + prefix + "-" + id;
  }

  /** Every table's topic for a prefix, in table order. */
  public static List<String> topics(String prefix) {
    List<String> topics = new ArrayList<>();
    for (Table table : values()) {
      topics.add(table.topic(prefix));
    }
    return topics;
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
