package io.pinpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Proves a run did its work before its speed is reported: the counts it printed reconcile
 * (cleaning.md §8) and add up to the input, and the files it wrote hold exactly those rows.
 */
final class OutputCheck {
  private OutputCheck() {}

  /**
   * Empty when all is well, else what is wrong; {@code summary} is set to the counts. The rows are
   * counted in the Iceberg tables when the run wrote them (row counts from the table metadata),
   * else in the JSON Lines export.
   */
  static String clean(List<String> runOutput, Path output, long expectedRead, StringBuilder summary)
      throws IOException {
    List<TableCount> counts = TableCount.parseLast(runOutput);
    if (counts.size() != 3) {
      return "no counts table in the run's output";
    }
    long read = 0;
    long curated = 0;
    long distinct = 0;
    long dead = 0;
    LakeCounts lake = LakeCounts.present(output) ? LakeCounts.open(output) : null;
    for (TableCount t : counts) {
      if (!t.reconciles()) {
        return t.table() + ": read " + t.read() + " != curated + dead-lettered";
      }
      io.pinpipe.transforms.model.Table table = io.pinpipe.transforms.model.Table.fromId(t.table());
      long lines =
          lake != null
              ? lake.batchRows(table)
              : curatedRows(output.resolve("curated").resolve(t.table()));
      if (lines != t.curatedAfterDedup()) {
        return t.table()
            + ": "
            + lines
            + " curated rows written, "
            + t.curatedAfterDedup()
            + " reported";
      }
      long deadLines =
          lake != null
              ? lake.deadLetters(table)
              : jsonLines(output.resolve("dead-letter").resolve(t.table()));
      if (deadLines != t.deadLettered()) {
        return t.table()
            + ": "
            + deadLines
            + " dead letters written, "
            + t.deadLettered()
            + " reported";
      }
      read += t.read();
      curated += t.curatedBeforeDedup();
      distinct += t.curatedAfterDedup();
      dead += t.deadLettered();
    }
    summary.append(
        String.format(
            Locale.ROOT,
            "%,d read = %,d curated (%,d distinct) + %,d dead",
            read,
            curated,
            distinct,
            dead));
    if (read != expectedRead) {
      return String.format(
          Locale.ROOT, "read %,d records, the input holds %,d", read, expectedRead);
    }
    return "";
  }

  /** Empty when every answer q1–q8 was written as CSV, else what is missing. */
  static String analytics(Path output, StringBuilder summary) {
    Path answers = output.resolve("analytics");
    for (int q = 1; q <= 8; q++) {
      if (!Files.isRegularFile(answers.resolve("q" + q + ".csv"))) {
        return "missing " + answers.resolve("q" + q + ".csv");
      }
    }
    summary.append("q1-q8 written");
    return "";
  }

  /**
   * The curated rows in {@code dir}: lines of its JSON Lines files, or, when it holds Parquet files
   * only (the Spark reference where pinpipe writes the Iceberg tables), the row counts of their
   * footers.
   */
  static long curatedRows(Path dir) throws IOException {
    long lines = jsonLines(dir);
    if (lines > 0 || !Files.isDirectory(dir)) {
      return lines;
    }
    long rows = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".parquet") && !name.startsWith(".")) {
          try (org.apache.parquet.hadoop.ParquetFileReader reader =
              org.apache.parquet.hadoop.ParquetFileReader.open(
                  new org.apache.parquet.io.LocalInputFile(file))) {
            rows += reader.getRecordCount();
          }
        }
      }
    }
    return rows;
  }

  /** Lines in the visible {@code .jsonl} files of {@code dir} (a missing folder holds none). */
  static long jsonLines(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long lines = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".jsonl") && !name.startsWith(".")) {
          lines += newlines(file);
        }
      }
    }
    return lines;
  }

  private static long newlines(Path file) throws IOException {
    long n = 0;
    byte[] buffer = new byte[1 << 16];
    try (var in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            n++;
          }
        }
      }
    }
    return n;
  }
}
