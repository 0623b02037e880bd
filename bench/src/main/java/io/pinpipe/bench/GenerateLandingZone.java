package io.pinpipe.bench;

import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RowGenerator;
import io.pinpipe.transforms.model.Table;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the benchmark input: {@code rows} seeded rows per table ({@link RowGenerator}, keys
 * 0…rows−1) as raw landing objects in the layout {@code clean --source=raw} reads ({@link
 * LandingZone#objectName}), streamed object by object so 10M rows never sit in memory.
 *
 * <pre>
 * GenerateLandingZone &lt;root&gt; &lt;rowsPerTable&gt; &lt;seed&gt; [recordsPerObject, default 1000 like land]
 * </pre>
 *
 * <p>The zone is written under {@code <root>.partial} and renamed to {@code root} when complete, so
 * an interrupted generation is never mistaken for a cached input.
 */
public final class GenerateLandingZone {
  static final String TOPIC_PREFIX = "pinpipe";

  private GenerateLandingZone() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      System.err.println(
          "usage: GenerateLandingZone <root> <rowsPerTable> <seed> [recordsPerObject]");
      System.exit(2);
    }
    int recordsPerObject = args.length == 4 ? Integer.parseInt(args[3]) : 1000;
    run(Path.of(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2]), recordsPerObject);
  }

  public static void run(Path root, long rows, long seed, int recordsPerObject) throws Exception {
    if (rows < 0 || recordsPerObject < 1) {
      throw new IllegalArgumentException("rows must be >= 0 and recordsPerObject >= 1");
    }
    Path partial = root.resolveSibling(root.getFileName() + ".partial");
    deleteRecursively(partial);
    ExecutorService pool = Executors.newFixedThreadPool(Table.values().length);
    try {
      List<Future<?>> tables = new ArrayList<>();
      for (Table table : Table.values()) {
        tables.add(
            pool.submit(
                () -> {
                  writeTable(partial, table, rows, seed, recordsPerObject);
                  return null;
                }));
      }
      for (Future<?> table : tables) {
        table.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    } finally {
      pool.shutdownNow();
    }
    Files.move(partial, root);
  }

  private static void writeTable(
      Path zone, Table table, long rows, long seed, int recordsPerObject) {
    String topic = TOPIC_PREFIX + "." + table.id();
    Path dir = zone.resolve("topics").resolve(topic).resolve("partition=0");
    RowGenerator generator = new RowGenerator(seed);
    try {
      Files.createDirectories(dir);
      for (long start = 0; start < rows; start += recordsPerObject) {
        long end = Math.min(rows, start + recordsPerObject);
        Path object = dir.resolve(LandingZone.objectName(topic, 0, start));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(object), 1 << 16)) {
          for (long key = start; key < end; key++) {
            out.write(generator.row(table.id(), key).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
