package io.pinpipe.transforms.metrics;

import io.pinpipe.transforms.model.Table;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

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

  /** The value of one of a table's counters after (or during) a run. */
  public static long value(PipelineResult result, Table table, String name) {
    return value(result, namespace(table), name);
  }

  /**
   * The value of a counter after (or during) a run: committed where the runner has it (it excludes
   * retried work), else attempted.
   */
  public static long value(PipelineResult result, String namespace, String name) {
    MetricsFilter filter =
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build();
    long total = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(filter).getCounters()) {
      Long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      total += value == null ? 0 : value;
    }
    return total;
  }
}
