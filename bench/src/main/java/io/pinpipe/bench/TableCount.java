package io.pinpipe.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the counts table that {@code clean} prints at the end (RunReport), and that the
 * baseline prints in the same form, so one parser checks both.
 */
record TableCount(
    String table,
    long read,
    long curatedBeforeDedup,
    long curatedAfterDedup,
    long deadLettered,
    long keyConflicts) {

  private static final Pattern ROW =
      Pattern.compile("^(pin|geo|user)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\b.*$");

  /** cleaning.md §8: every record read was curated or dead-lettered. */
  boolean reconciles() {
    return read == curatedBeforeDedup + deadLettered;
  }

  /** The rows of the last counts table in {@code output} (a run's standard output). */
  static List<TableCount> parseLast(List<String> output) {
    List<TableCount> counts = new ArrayList<>();
    for (String line : output) {
      if (line.startsWith("table ") && line.contains("dead-lettered")) {
        counts.clear();
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        counts.add(
            new TableCount(
                m.group(1),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6))));
      }
    }
    return counts;
  }

  /** The same layout as {@code RunReport.print}. */
  static void print(List<TableCount> counts, PrintStream out) {
    out.printf(
        "%-6s %10s %14s %14s %14s %14s%n",
        "table", "read", "curated", "after dedup", "dead-lettered", "key conflicts");
    for (TableCount t : counts) {
      out.printf(
          "%-6s %10d %14d %14d %14d %14d%s%n",
          t.table,
          t.read,
          t.curatedBeforeDedup,
          t.curatedAfterDedup,
          t.deadLettered,
          t.keyConflicts,
          t.reconciles() ? "" : "   <- DOES NOT RECONCILE");
    }
  }
}
