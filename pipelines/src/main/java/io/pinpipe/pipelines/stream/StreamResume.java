package io.pinpipe.pipelines.stream;

import io.pinpipe.iceberg.AppendPanes;
import io.pinpipe.iceberg.CatalogConfig;
import io.pinpipe.pipelines.io.Lake;
import io.pinpipe.transforms.model.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Where a fresh start of {@code stream} resumes reading each table, so that a restart costs the
 * same whatever the topics retain: the start of the window holding (end of the last window
 * committed to the table's speed table − the longer of the de-duplication horizon and the allowed
 * lateness).
 *
 * <ul>
 *   <li>Every window from there on is read whole (records are read from the first one at or after
 *       that time), so its files are rewritten with the same rows, and its Iceberg pane, already
 *       committed, is recognised and not committed again ({@link AppendPanes}).
 *   <li>The de-duplication sees the horizon before the first new window, as it did before the stop.
 *   <li>Records older than that which still turn up (out of order in a partition) are skipped and
 *       counted: they were read before the stop, into windows that are committed, or they would
 *       have been later than the allowed lateness then too.
 * </ul>
 *
 * A table without a committed window (a first start, or output without the Iceberg tables) is read
 * from the beginning, as before. A Flink restore from a checkpoint or savepoint resumes from the
 * positions in its state instead.
 */
final class StreamResume {
  private StreamResume() {}

  /** Table id → the event time to resume from, for the tables that have a committed window. */
  static Map<String, Instant> from(
      Lake lake, Duration window, Duration dedupHorizon, Duration allowedLateness) {
    Map<String, Instant> resume = new LinkedHashMap<>();
    Catalog catalog = lake.catalog.connect();
    try {
      for (Table table : Table.values()) {
        TableIdentifier speed = lake.tables.speedTable(table);
        if (!catalog.tableExists(speed)) {
          continue;
        }
        Instant lastEnd = AppendPanes.lastWindowEnd(catalog.loadTable(speed));
        if (lastEnd != null) {
          resume.put(table.id(), start(lastEnd, window, dedupHorizon, allowedLateness));
        }
      }
    } finally {
      CatalogConfig.close(catalog);
    }
    return resume;
  }

  /** The start of the fixed window holding {@code lastEnd} − max(horizon, lateness). */
  static Instant start(
      Instant lastEnd, Duration window, Duration dedupHorizon, Duration allowedLateness) {
    return AppendPanes.resumeFrom(lastEnd, window, replay(dedupHorizon, allowedLateness));
  }

  /** How far before the last committed window's end a fresh start reads again. */
  static Duration replay(Duration dedupHorizon, Duration allowedLateness) {
    return dedupHorizon.isLongerThan(allowedLateness) ? dedupHorizon : allowedLateness;
  }
}
