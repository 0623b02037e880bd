package io.pinpipe.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * After the measurements of one bin/pinpipe-bench invocation: each pinpipe runner's records/s as a
 * ratio to the Spark reference ({@code spark-ref}) of the same invocation, rows and label, and to
 * the newest {@code clean-baseline} of the same rows in {@code results.tsv} (any invocation: it is
 * measured on its own). Only measurements whose check passed count.
 *
 * <pre>Ratios --tsv=target/bench/results.tsv --from=&lt;data rows before this invocation&gt;</pre>
 */
public final class Ratios {
  static final String REFERENCE = "spark-ref";

  private Ratios() {}

  /** One row of results.tsv, the fields this needs. */
  record Row(
      String date, String label, String runner, long rows, double recordsPerSecond, boolean ok) {
    static Row parse(String tsv) {
      String[] f = tsv.split("\t", -1);
      return new Row(
          f[0], f[2], f[3], Long.parseLong(f[4]), Double.parseDouble(f[8]), f[14].startsWith("ok"));
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> o = BenchOptions.parse(args, List.of("tsv", "from"));
    Path tsv = Path.of(BenchOptions.required(o, "tsv"));
    if (!Files.exists(tsv)) {
      return;
    }
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    List<Row> all = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (!line.isBlank()) {
        all.add(Row.parse(line));
      }
    }
    int from = Integer.parseInt(o.getOrDefault("from", "0"));
    print(all, Math.min(from, all.size()), System.out);
  }

  /**
   * The ratio lines for the rows from index {@code from} on (this invocation), after {@code all}
   * before them.
   */
  static void print(List<Row> all, int from, PrintStream out) {
    List<Row> now = all.subList(from, all.size());
    boolean header = false;
    for (Row m : now) {
      if (!m.ok() || m.runner().equals(REFERENCE) || m.runner().equals("java")) {
        continue;
      }
      Row reference =
          now.stream()
              .filter(
                  r ->
                      r.ok()
                          && r.runner().equals(REFERENCE)
                          && r.label().equals(m.label())
                          && r.rows() == m.rows())
              .reduce((a, b) -> b)
              .orElse(null);
      Row baseline = baseline(all, m.rows());
      if (reference == null && baseline == null) {
        continue;
      }
      if (!header) {
        out.println("ratios (records/s of each run over the reference's; > 1 is faster):");
        header = true;
      }
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "  %-20s %-9s %11s %11s/s",
                  m.label(),
                  m.runner(),
                  String.format(Locale.ROOT, "%,d", m.rows()),
                  grouped(m.recordsPerSecond())));
      if (reference != null) {
        line.append(
            String.format(
                Locale.ROOT,
                "   %5.2f x spark-ref (%s/s)",
                m.recordsPerSecond() / reference.recordsPerSecond(),
                grouped(reference.recordsPerSecond())));
      }
      if (baseline != null && m.label().startsWith("clean")) {
        line.append(
            String.format(
                Locale.ROOT,
                "   %5.2f x clean-baseline (%s/s, %s)",
                m.recordsPerSecond() / baseline.recordsPerSecond(),
                grouped(baseline.recordsPerSecond()),
                baseline.date()));
      }
      out.println(line);
    }
    // The reference itself against the baseline, where there is one: how far Spark is from the
    // machine's limit.
    for (Row r : now) {
      Row baseline = baseline(all, r.rows());
      if (r.ok()
          && r.runner().equals(REFERENCE)
          && r.label().startsWith("clean")
          && baseline != null) {
        out.println(
            String.format(
                Locale.ROOT,
                "  %-20s %-9s %11s %11s/s   %5.2f x clean-baseline (%s/s, %s)",
                r.label(),
                r.runner(),
                String.format(Locale.ROOT, "%,d", r.rows()),
                grouped(r.recordsPerSecond()),
                r.recordsPerSecond() / baseline.recordsPerSecond(),
                grouped(baseline.recordsPerSecond()),
                baseline.date()));
      }
    }
  }

  /** The newest passing clean-baseline of {@code rows} rows per table. */
  private static Row baseline(List<Row> all, long rows) {
    return all.stream()
        .filter(
            r ->
                r.ok()
                    && r.label().equals("clean-baseline")
                    && r.runner().equals("java")
                    && r.rows() == rows)
        .reduce((a, b) -> b)
        .orElse(null);
  }

  private static String grouped(double n) {
    return String.format(Locale.ROOT, "%,d", Math.round(n));
  }
}
