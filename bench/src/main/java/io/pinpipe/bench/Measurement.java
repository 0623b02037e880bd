package io.pinpipe.bench;

import java.util.Locale;

/**
 * One benchmark result: what ran, how long, how much memory, and whether its output checked out.
 * Records/s counts input records (all three tables) over the whole wall time, JVM start included.
 * CPU seconds (user + system) say how much work a run was when other jobs share the cores and
 * stretch its wall time; the load average at its end says whether they did.
 */
record Measurement(
    String scenario,
    String runner,
    long rowsPerTable,
    long records,
    double wallSeconds,
    double cpuSeconds,
    long heapUsedBytes,
    long heapLiveBytes,
    long rssBytes,
    String heapCap,
    String load,
    String check) {

  // The runner column fits "spark-ref", the Spark reference's name.
  private static final String LINE = "%-20s %-9s %11s %11s %8s %8s %11s %8s %8s %8s %6s %5s  %s";

  double recordsPerSecond() {
    return wallSeconds > 0 ? records / wallSeconds : 0;
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        LINE,
        "scenario",
        "runner",
        "rows/table",
        "records",
        "wall s",
        "cpu s",
        "records/s",
        "heap MB",
        "live MB",
        "RSS MB",
        "-Xmx",
        "load",
        "check");
  }

  /** One aligned line under {@link #header()}. */
  String line() {
    return String.format(
        Locale.ROOT,
        LINE,
        scenario,
        runner,
        grouped(rowsPerTable),
        grouped(records),
        String.format(Locale.ROOT, "%.2f", wallSeconds),
        String.format(Locale.ROOT, "%.1f", cpuSeconds),
        grouped(Math.round(recordsPerSecond())),
        megabytes(heapUsedBytes),
        megabytes(heapLiveBytes),
        megabytes(rssBytes),
        heapCap,
        load,
        check);
  }

  static String tsvHeader() {
    return String.join(
        "\t",
        "date",
        "cores",
        "scenario",
        "runner",
        "rows_per_table",
        "records",
        "wall_s",
        "cpu_s",
        "records_per_s",
        "heap_used_mb",
        "heap_live_mb",
        "rss_mb",
        "xmx",
        "load",
        "check");
  }

  /** One row of {@code results.tsv}, plain numbers for spreadsheets. */
  String tsv(String date, int cores) {
    return String.join(
        "\t",
        date,
        String.valueOf(cores),
        scenario,
        runner,
        String.valueOf(rowsPerTable),
        String.valueOf(records),
        String.format(Locale.ROOT, "%.2f", wallSeconds),
        String.format(Locale.ROOT, "%.1f", cpuSeconds),
        String.valueOf(Math.round(recordsPerSecond())),
        megabytes(heapUsedBytes),
        megabytes(heapLiveBytes),
        megabytes(rssBytes),
        heapCap,
        load,
        check);
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String megabytes(long bytes) {
    return bytes <= 0 ? "-" : String.valueOf(Math.round(bytes / 1048576.0));
  }
}
