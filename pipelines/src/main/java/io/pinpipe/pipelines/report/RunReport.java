package io.pinpipe.pipelines.report;

import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
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

  /** The counts of the three tables after a run. */
  public static RunReport of(PipelineResult result) {
    return of(result, Table.all());
  }

  /** The counts of the given tables after a run, in their order. */
  public static RunReport of(PipelineResult result, List<? extends TableSpec> specs) {
    List<TableCounts> tables = new ArrayList<>();
    for (TableSpec table : specs) {
      tables.add(TableCounts.of(result, table));
    }
    return new RunReport(tables);
  }

  public TableCounts get(TableSpec table) {
    return tables.stream()
        .filter(counts -> counts.table.id().equals(table.id()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no counts of table " + table.id()));
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
    long read = TableCounters.total(result, TableCounters.READ);
    long curated = TableCounters.total(result, TableCounters.CURATED_BEFORE_DEDUP);
    long dead = TableCounters.total(result, TableCounters.DEAD_LETTERED);
    return String.format("read %,d  curated %,d  dead-lettered %,d", read, curated, dead);
  }
}
