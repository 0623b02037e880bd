package io.pinpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Watches the speed layer's output for curated rows and dead letters, one scan per {@link #poll},
 * in one of two places:
 *
 * <ul>
 *   <li>{@link #files}: the file export, {@code <output>/curated-stream/<table>/window-.../*.jsonl}
 *       and {@code <output>/dead-letter/<table>/window-.../*.jsonl}. The pipeline writes each file
 *       under a hidden name and renames it into place, so a visible file is complete and is read
 *       once, when first seen. The Parquet file of a shard is committed before its JSON Lines file,
 *       so a visible {@code .jsonl} means both forms are there. The Spark reference writes these.
 *   <li>{@link #tables}: the speed tables themselves ({@link SpeedTableRows}), a row seen when the
 *       append that adds it is committed: what a reader of the table sees, without the export.
 * </ul>
 *
 * The scan time is when its rows became visible (late by at most one poll interval).
 */
final class CuratedWatcher {
  /**
   * Keys of the warm-up events, which prove the pipeline is running before the measurement starts.
   */
  static final long WARM_UP_KEY_BASE = 1_000_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path output;
  private final ProducedRows produced;
  private final Set<Path> readFiles = new HashSet<>();
  private final Set<String> seenRows = new HashSet<>();
  private final List<Long> freshnessMillis = new ArrayList<>();
  private long curated;
  private long duplicates;
  private long warmUpRows;
  private long unexpectedRows;
  private long deadLetters;

  /** Set when the tables are watched; {@code null} when the files are. */
  private final @Nullable SpeedTableRows tables;

  private CuratedWatcher(Path output, ProducedRows produced, @Nullable SpeedTableRows tables) {
    this.output = output;
    this.produced = produced;
    this.tables = tables;
  }

  /** Watches the JSON Lines export under {@code output}. */
  static CuratedWatcher files(Path output, ProducedRows produced) {
    return new CuratedWatcher(output, produced, null);
  }

  /** Watches the speed tables in the embedded catalog under {@code output}. */
  static CuratedWatcher tables(Path output, ProducedRows produced) {
    return new CuratedWatcher(output, produced, new SpeedTableRows(output));
  }

  /**
   * Watches the speed tables when {@code watchTables} ({@code --watch=tables}), else the export.
   */
  static CuratedWatcher of(boolean watchTables, Path output, ProducedRows produced) {
    return watchTables ? tables(output, produced) : files(output, produced);
  }

  /** Reads every file (or committed append) that appeared since the last scan. */
  synchronized void poll() throws IOException {
    if (tables != null) {
      // Stamped after the scan, so that a commit found in it is never counted as seen earlier.
      List<Table> rowTables = new ArrayList<>();
      List<Long> rowKeys = new ArrayList<>();
      deadLetters +=
          tables.poll(
              (table, key) -> {
                rowTables.add(table);
                rowKeys.add(key);
              });
      long seenAt = System.currentTimeMillis();
      for (int i = 0; i < rowKeys.size(); i++) {
        curatedKey(rowTables.get(i), rowKeys.get(i), seenAt);
      }
      return;
    }
    for (Table table : Table.values()) {
      for (Path file : newFiles(output.resolve("curated-stream").resolve(table.id()))) {
        long seenAt = System.currentTimeMillis();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) {
            curatedRow(table, line, seenAt);
          }
        }
      }
      for (Path file : newFiles(output.resolve("dead-letter").resolve(table.id()))) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
          deadLetters += lines.filter(line -> !line.isEmpty()).count();
        }
      }
    }
  }

  private void curatedRow(Table table, String line, long seenAt) throws IOException {
    JsonNode ind = JSON.readTree(line).get("ind");
    if (ind == null || !ind.canConvertToLong()) {
      unexpectedRows++;
      return;
    }
    curatedKey(table, ind.asLong(), seenAt);
  }

  private void curatedKey(Table table, long key, long seenAt) {
    if (!seenRows.add(table.id() + ":" + key)) {
      duplicates++;
    } else if (key >= WARM_UP_KEY_BASE) {
      warmUpRows++;
    } else if (produced.producedAt(table, key) == ProducedRows.NOT_PRODUCED) {
      unexpectedRows++;
    } else {
      curated++;
      freshnessMillis.add(seenAt - produced.producedAt(table, key));
    }
  }

  /** The visible JSON Lines files under {@code window-*} folders of {@code dir} not read before. */
  private List<Path> newFiles(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> windows = Files.list(dir)) {
      for (Path window : (Iterable<Path>) windows::iterator) {
        if (!window.getFileName().toString().startsWith("window-") || !Files.isDirectory(window)) {
          continue;
        }
        try (Stream<Path> files = Files.list(window)) {
          files
              .filter(
                  f ->
                      f.getFileName().toString().endsWith(".jsonl")
                          && !f.getFileName().toString().startsWith("."))
              .filter(readFiles::add)
              .forEach(found::add);
        } catch (NoSuchFileException | UncheckedIOException gone) {
          // a folder being replaced; the next scan sees it
        }
      }
    }
    return found;
  }

  /** Measured rows seen, each once. */
  synchronized long curated() {
    return curated;
  }

  synchronized long warmUpRows() {
    return warmUpRows;
  }

  /**
   * Rows seen more than once (in another pane or file): the pipeline should write each row once.
   */
  synchronized long duplicates() {
    return duplicates;
  }

  /** Rows whose key was neither produced nor a warm-up key, or that have no key. */
  synchronized long unexpectedRows() {
    return unexpectedRows;
  }

  synchronized long deadLetters() {
    return deadLetters;
  }

  /** Time from production to visibility of each measured row seen so far. */
  synchronized long[] freshnessMillis() {
    return freshnessMillis.stream().mapToLong(Long::longValue).toArray();
  }
}
