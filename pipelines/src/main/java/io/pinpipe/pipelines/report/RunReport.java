package io.pinpipe.pipelines.report;

import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;

/** The per-table counts of a finished run, printed as a small table (cleaning.md §8). */
public final class RunReport {
  private final List<TableCounts> tables;

  private RunReport(List<TableCounts> tables) {
    this.tables = Collections.unmodifiableList(tables);
  }

  public static RunReport of(PipelineResult result) {
    List<TableCounts> tables = new ArrayList<>();
    for (Table table : Table.values()) {
      tables.add(TableCounts.of(result, table));
    }
    return new RunReport(tables);
  }

  public TableCounts get(Table table) {
    return tables.get(table.ordinal());
  }

  public List<TableCounts> tables() {
    return tables;
  }

  public boolean reconciles() {
    return tables.stream().allMatch(TableCounts::reconciles);
  }

  public void print(PrintStream out) {
    out.printf(
        "%-6s %10s %14s %14s %14s %14s%n",
        "table", "read", "curated", "after dedup", "dead-lettered", "key conflicts");
    for (TableCounts t : tables) {
      out.printf(
          "%-6s %10d %14d %14d %14d %14d%s%n",
          t.table.id(),
          t.read,
          t.curatedBeforeDedup,
          t.curatedAfterDedup,
          t.deadLettered,
          t.keyConflicts,
          t.reconciles() ? "" : "   <- DOES NOT RECONCILE");
    }
  }

  /** One line for the in-place progress display. */
  static String progressLine(PipelineResult result) {
    long read = 0;
    long curated = 0;
    long dead = 0;
    for (Table table : Table.values()) {
      read += TableCounters.value(result, table, TableCounters.READ);
      curated += TableCounters.value(result, table, TableCounters.CURATED_BEFORE_DEDUP);
      dead += TableCounters.value(result, table, TableCounters.DEAD_LETTERED);
    }
    return String.format("read %,d  curated %,d  dead-lettered %,d", read, curated, dead);
  }
}
