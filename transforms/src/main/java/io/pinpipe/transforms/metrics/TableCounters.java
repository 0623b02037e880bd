package io.pinpipe.transforms.metrics;

import io.pinpipe.transforms.model.TableSpec;
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

  /**
   * Records a resumed {@code stream} read and skipped as older than where it resumed (they were
   * handled before the stop); not part of {@link #READ}.
   */
  public static final String SKIPPED_BEFORE_RESUME = "skipped_before_resume";

  /** Records written to the curated or dead-letter files. */
  public static final String WRITTEN = "written";

  private TableCounters() {}

  public static String namespace(TableSpec table) {
    return "pinpipe." + table.id();
  }

  public static Counter counter(TableSpec table, String name) {
    return Metrics.counter(namespace(table), name);
  }

  /** The value of one of a table's counters after (or during) a run. */
  public static long value(PipelineResult result, TableSpec table, String name) {
    return value(result, namespace(table), name);
  }

  /** One counter summed over every table of a run, whichever tables it had. */
  public static long total(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (counter.getName().getName().equals(name)
          && counter.getName().getNamespace().startsWith("pinpipe.")) {
        total += valueOf(counter);
      }
    }
    return total;
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
      total += valueOf(counter);
    }
    return total;
  }

  private static long valueOf(MetricResult<Long> counter) {
    Long value;
    try {
      value = counter.getCommitted();
    } catch (UnsupportedOperationException e) {
      value = counter.getAttempted();
    }
    return value == null ? 0 : value;
  }
}
