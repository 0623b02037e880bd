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
 * column there, its topic and stream names, its curated schema, and its cleaner. Every other part
 * of pinpipe asks a table for these instead of building them. Which table a record belongs to
 * always comes from where it was read (topic, stream, input option or source table), never from its
 * fields (cleaning.md §1). Adding a table: docs/adding-a-table.md.
 */
public enum Table implements TableSpec {
  PIN("pin", "pinterest_data", "index", CuratedSchemas.PIN, PinCleaner::new),
  GEO("geo", "geolocation_data", "ind", CuratedSchemas.GEO, GeoCleaner::new),
  USER("user", "user_data", "ind", CuratedSchemas.USER, UserCleaner::new);

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

  @Override
  public String id() {
    return id;
  }

  @Override
  public String sourceTable() {
    return sourceTable;
  }

  /** {@code index} for pin: a MySQL reserved word, quoted wherever it is used. */
  @Override
  public String sourceKeyColumn() {
    return sourceKeyColumn;
  }

  /** The curated rows' schema, in the column order of cleaning.md §2–§4. */
  @Override
  public Schema curatedSchema() {
    return curatedSchema;
  }

  /** A new cleaner of this table's records (cleaning.md §2–§4). */
  @Override
  public RecordCleaner cleaner() {
    return cleaner.get();
  }

  /**
   * The three tables of one posting event: the ones the eight questions and the serving layer join
   * on their key. A table added later (docs/adding-a-table.md) is curated without being asked
   * about, so analytics and serve read these, not every table.
   */
  public static final List<Table> POSTING_EVENT = List.of(PIN, GEO, USER);

  /**
   * Every table pinpipe curates, as the list {@code clean}, {@code land} and {@code stream} take.
   */
  public static List<TableSpec> all() {
    return List.of(values());
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
