package io.pinpipe.bench;

import java.util.Locale;

/**
 * One {@code catchup} measurement: a runner working off a backlog of {@code events} events (three
 * rows each) on topics of {@code partitions} partitions, from its JVM's start until every row was
 * curated. {@code failure} is empty when every row came out once and valid.
 */
record CatchUpResult(
    String label,
    String runner,
    long events,
    int partitions,
    int parallelism,
    double wallSeconds,
    double cpuSeconds,
    long rssBytes,
    long curatedRows,
    long deadLetters,
    String load,
    String failure) {

  private static final String LINE = "%-14s %-9s %9s %5s %5s %8s %10s %8s %10s %9s %10s %5s  %s";

  double eventsPerSecond() {
    return wallSeconds > 0 ? events / wallSeconds : 0;
  }

  boolean ok() {
    return failure.isEmpty();
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        LINE,
        "scenario",
        "runner",
        "events",
        "parts",
        "par",
        "wall s",
        "events/s",
        "CPU s",
        "CPU s/1k",
        "peak RSS",
        "curated",
        "load",
        "result");
  }

  String line() {
    return String.format(
        Locale.ROOT,
        LINE,
        label,
        runner,
        String.format(Locale.ROOT, "%,d", events),
        partitions,
        parallelism,
        ok() ? String.format(Locale.ROOT, "%.1f", wallSeconds) : "-",
        ok() ? String.format(Locale.ROOT, "%,.0f", eventsPerSecond()) : "-",
        String.format(Locale.ROOT, "%.1f", cpuSeconds),
        events > 0 ? String.format(Locale.ROOT, "%.2f", cpuSeconds * 1000 / events) : "-",
        rssBytes > 0 ? String.format(Locale.ROOT, "%,d MiB", rssBytes >> 20) : "-",
        String.format(Locale.ROOT, "%,d", curatedRows),
        load,
        ok() ? "ok" : "FAILED: " + failure);
  }

  static String tsvHeader() {
    return String.join(
        "\t",
        "date",
        "cores",
        "label",
        "runner",
        "events",
        "partitions",
        "parallelism",
        "wall_s",
        "events_per_s",
        "cpu_s",
        "peak_rss_mib",
        "curated_rows",
        "dead_letters",
        "load",
        "result");
  }

  String tsv(String date, int cores) {
    return String.join(
        "\t",
        date,
        Integer.toString(cores),
        label,
        runner,
        Long.toString(events),
        Integer.toString(partitions),
        Integer.toString(parallelism),
        // Milliseconds: the ratio is computed from this, and should match the printed events/s.
        String.format(Locale.ROOT, "%.3f", wallSeconds),
        String.format(Locale.ROOT, "%.0f", eventsPerSecond()),
        String.format(Locale.ROOT, "%.1f", cpuSeconds),
        Long.toString(rssBytes >> 20),
        Long.toString(curatedRows),
        Long.toString(deadLetters),
        load,
        ok() ? "ok" : "FAILED: " + failure.replace('\t', ' ').replace('\n', ' '));
  }

  /** A results line back, with the fields the ratio needs (the rest zero). */
  static CatchUpResult parse(String tsv) {
    String[] f = tsv.split("\t", -1);
    boolean ok = f[14].equals("ok");
    return new CatchUpResult(
        f[2],
        f[3],
        Long.parseLong(f[4]),
        Integer.parseInt(f[5]),
        Integer.parseInt(f[6]),
        Double.parseDouble(f[7]),
        Double.parseDouble(f[9]),
        Long.parseLong(f[10]) << 20,
        Long.parseLong(f[11]),
        Long.parseLong(f[12]),
        f[13],
        ok ? "" : f[14]);
  }
}
