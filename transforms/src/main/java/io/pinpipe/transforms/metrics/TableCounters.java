package io.pinpipe.transforms.metrics;

import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Names of the reconciliation counters of one table (cleaning.md §8). The namespace is {@code
 * pinpipe.<table>}; for every run {@code read = curated_before_dedup + dead_lettered}.
 */
public final class TableCounters {
  public static final String READ = "read";
  public static final String CURATED_BEFORE_DEDUP = "curated_before_dedup";
  public static final String CURATED_AFTER_DEDUP = "curated_after_dedup";
  public static final String DEAD_LETTERED = "dead_lettered";
  /** Keys that have more than one distinct curated row (both are kept, cleaning.md §5). */
  public static final String KEY_CONFLICTS = "key_conflicts";
  /** Records written to the curated or dead-letter files. */
  public static final String WRITTEN = "written";

  private TableCounters() {}

  public static String namespace(Table table) {
    return "pinpipe." + table.id();
  }

  public static Counter counter(Table table, String name) {
    return Metrics.counter(namespace(table), name);
  }
}
