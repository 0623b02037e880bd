package io.pinpipe.transforms.model;

import io.pinpipe.transforms.clean.RecordCleaner;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.Schema;

/**
 * What a curated table is, as the cleaning path needs it: its id, where its records come from, its
 * curated schema and its cleaner. The three tables of a posting event are the {@link Table}
 * constants; {@code clean} takes any list of specs, so a table is added by implementing this
 * interface once (docs/adding-a-table.md) and nothing else in the cleaning path changes.
 */
public interface TableSpec extends Serializable {
  /** data-model.md: the key column of every curated table, the one the tables are joined on. */
  String KEY_COLUMN = "ind";

  /**
   * Short name used in topics, streams, output folders, Iceberg table names and metrics: lower-case
   * letters, e.g. {@code pin}.
   */
  String id();

  /** Name of the table in the source ("RDS") database. */
  String sourceTable();

  /** Name of the key column in the source database. */
  String sourceKeyColumn();

  /** The curated rows' schema; it has the {@link #KEY_COLUMN} as an INT64 field. */
  Schema curatedSchema();

  /** A new cleaner of this table's records: raw JSON fields → one curated row. */
  RecordCleaner cleaner();

  /** The id capitalised, for step names: {@code Pin}, {@code Geo}, {@code User}. */
  default String stepName() {
    return Character.toUpperCase(id().charAt(0)) + id().substring(1);
  }

  /** data-model.md: the Kafka topic of this table, {@code <prefix>.<id>}. */
  default String topic(String prefix) {
    return prefix + "." + id();
  }

  /** data-model.md: the Kinesis stream of this table, {@code streaming-<prefix>-<id>}. */
  default String stream(String prefix) {
    return "streaming-" + prefix + "-" + id();
  }
}
