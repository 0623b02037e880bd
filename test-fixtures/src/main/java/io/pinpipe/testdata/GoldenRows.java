package io.pinpipe.testdata;

import java.util.ArrayList;
import java.util.List;

/**
 * The golden curated rows: every real row of a table cleaned, as curated JSON Lines ({@code
 * golden/curated-<table>.jsonl}, written by CleaningGoldenTest). What a run over the real rows must
 * produce, read here once for every test that compares against it.
 */
public final class GoldenRows {
  private GoldenRows() {}

  /**
   * The golden rows of {@code table} ({@code pin}, {@code geo}, {@code user}), in real-row order: a
   * new list, the caller's to change.
   */
  public static List<String> inRowOrder(String table) {
    RealRows.requireTable(table);
    return new ArrayList<>(RealRows.load("golden/curated-" + table + ".jsonl"));
  }

  /**
   * The golden rows of {@code table}, sorted (for comparing with output in no particular order).
   */
  public static List<String> sorted(String table) {
    List<String> rows = inRowOrder(table);
    rows.sort(null);
    return rows;
  }
}
