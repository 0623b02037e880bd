package io.pinpipe.bench;

import java.util.List;
import java.util.Locale;

/**
 * One {@code stream} measurement: what was offered, what came out, how fresh, at what cost, and the
 * verdict. {@code failure} is empty when the run itself worked (the pipeline ran and wrote each row
 * once, without dead letters); a failed run is never called sustainable.
 */
record StreamResult(
    String scenario,
    String runner,
    long eventsPerSecond,
    long seconds,
    long windowMillis,
    long events,
    double produceSeconds,
    long producedRows,
    long failedRows,
    long curatedRows,
    long deadLetters,
    long freshnessP50Millis,
    long freshnessP99Millis,
    long freshnessMaxMillis,
    double cpuSeconds,
    long heapUsedBytes,
    long heapLiveBytes,
    long rssBytes,
    String heapCap,
    String load,
    String failure) {

  /** No freshness: no measured row was curated. */
  static final long NO_FRESHNESS = -1;

  private static final String LINE =
      "%-14s %-6s %7s %5s %9s %10s %9s %9s %5s %7s %7s %7s %7s %7s %7s %7s %6s %5s  %s";

  double achievedEventsPerSecond() {
    return produceSeconds > 0 ? events / produceSeconds : 0;
  }

  List<String> shortfalls() {
    return Sustainability.shortfalls(
        eventsPerSecond,
        achievedEventsPerSecond(),
        producedRows,
        curatedRows,
        freshnessP99Millis,
        windowMillis);
  }

  boolean sustainable() {
    return failure.isEmpty() && failedRows == 0 && shortfalls().isEmpty();
  }

  String verdict() {
    if (!failure.isEmpty()) {
      return "FAILED: " + failure;
    }
    if (failedRows > 0) {
      return String.format(Locale.ROOT, "FAILED: %,d rows not acknowledged by Kafka", failedRows);
    }
    List<String> why = shortfalls();
    return why.isEmpty() ? "sustainable" : "not sustainable: " + String.join("; ", why);
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        LINE,
        "scenario",
        "runner",
        "rate/s",
        "secs",
        "events",
        "produced/s",
        "rows",
        "curated",
        "dead",
        "p50 s",
        "p99 s",
        "max s",
        "cpu s",
        "heap MB",
        "live MB",
        "RSS MB",
        "-Xmx",
        "load",
        "verdict");
  }

  /** One aligned line under {@link #header()}. */
  String line() {
    return String.format(
        Locale.ROOT,
        LINE,
        scenario,
        runner,
        grouped(eventsPerSecond),
        seconds,
        grouped(events),
        grouped(Math.round(achievedEventsPerSecond())),
        grouped(producedRows),
        grouped(curatedRows),
        grouped(deadLetters),
        seconds(freshnessP50Millis),
        seconds(freshnessP99Millis),
        seconds(freshnessMaxMillis),
        String.format(Locale.ROOT, "%.1f", cpuSeconds),
        megabytes(heapUsedBytes),
        megabytes(heapLiveBytes),
        megabytes(rssBytes),
        heapCap,
        load,
        verdict());
  }

  static String tsvHeader() {
    return String.join(
        "\t",
        "date",
        "cores",
        "scenario",
        "runner",
        "rate_per_s",
        "seconds",
        "window_s",
        "events",
        "produced_per_s",
        "rows",
        "curated",
        "dead",
        "p50_s",
        "p99_s",
        "max_s",
        "cpu_s",
        "heap_used_mb",
        "heap_live_mb",
        "rss_mb",
        "xmx",
        "load",
        "verdict");
  }

  /** One row of {@code stream-results.tsv}, plain numbers for spreadsheets. */
  String tsv(String date, int cores) {
    return String.join(
        "\t",
        date,
        String.valueOf(cores),
        scenario,
        runner,
        String.valueOf(eventsPerSecond),
        String.valueOf(seconds),
        seconds(windowMillis),
        String.valueOf(events),
        String.valueOf(Math.round(achievedEventsPerSecond())),
        String.valueOf(producedRows),
        String.valueOf(curatedRows),
        String.valueOf(deadLetters),
        seconds(freshnessP50Millis),
        seconds(freshnessP99Millis),
        seconds(freshnessMaxMillis),
        String.format(Locale.ROOT, "%.1f", cpuSeconds),
        megabytes(heapUsedBytes),
        megabytes(heapLiveBytes),
        megabytes(rssBytes),
        heapCap,
        load,
        verdict());
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String seconds(long millis) {
    return millis < 0 ? "-" : String.format(Locale.ROOT, "%.2f", millis / 1000.0);
  }

  private static String megabytes(long bytes) {
    return bytes <= 0 ? "-" : String.valueOf(Math.round(bytes / 1048576.0));
  }
}
