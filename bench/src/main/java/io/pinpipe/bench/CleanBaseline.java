package io.pinpipe.bench;

import io.pinpipe.pipelines.io.LandingObjectLines;
import io.pinpipe.pipelines.io.RawRecords;
import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.format.DeadLetterJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.InvalidRecordException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.beam.sdk.values.Row;

/**
 * {@code clean-baseline}: what {@code clean --source=raw --outputFormat=jsonl} does, as a plain
 * single-pass Java program with one thread per core and no Beam runner: read each landing object,
 * split lines, decode strictly, parse and clean with the pipeline's own {@link RecordCleaner},
 * de-duplicate with its own {@code DistinctRows}, write curated rows and dead letters as JSON Lines
 * with its own formatters. The practical limit of one machine for this work, to judge the runners
 * by.
 *
 * <pre>
 * CleanBaseline --input=&lt;landing root&gt; --output=&lt;dir&gt; [--threads=N] [--topicPrefix=pinpipe]
 * </pre>
 *
 * <p>Writes {@code <output>/curated/<table>/part-<thread>.jsonl} and {@code
 * <output>/dead-letter/<table>/part-<thread>.jsonl}, then prints the counts table of {@code clean}.
 */
public final class CleanBaseline {
  static final String PIPELINE = "clean-baseline";

  private final Map<Table, TableTally> tallies = new EnumMap<>(Table.class);
  private final Map<Table, RecordCleaner> curators = new EnumMap<>(Table.class);

  private CleanBaseline() {
    for (Table table : Table.values()) {
      tallies.put(table, new TableTally(table));
      curators.put(table, table.cleaner());
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchOptions.parse(args, List.of("input", "output", "threads", "topicPrefix"));
    Path input = Path.of(BenchOptions.required(options, "input"));
    Path output = Path.of(BenchOptions.required(options, "output"));
    int threads =
        Integer.parseInt(
            options.getOrDefault(
                "threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
    List<TableCount> counts =
        run(input, output, options.getOrDefault("topicPrefix", "pinpipe"), threads);
    TableCount.print(counts, System.out);
    if (!counts.stream().allMatch(TableCount::reconciles)) {
      System.err.println(
          "clean-baseline: counts do not reconcile: read != curated + dead-lettered");
      System.exit(1);
    }
  }

  /**
   * Cleans every landing object under {@code input} into {@code output}; returns the counts per
   * table.
   */
  public static List<TableCount> run(Path input, Path output, String topicPrefix, int threads)
      throws Exception {
    ConcurrentLinkedQueue<LandingObject> work = new ConcurrentLinkedQueue<>();
    for (Table table : Table.values()) {
      Path topic = input.resolve("topics").resolve(topicPrefix + "." + table.id());
      if (!Files.isDirectory(topic)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(topic)) {
        files
            .filter(
                p ->
                    p.getFileName().toString().endsWith(".json")
                        && p.getParent().getFileName().toString().startsWith("partition="))
            .sorted()
            .forEach(p -> work.add(new LandingObject(table, p.toAbsolutePath())));
      }
    }
    CleanBaseline baseline = new CleanBaseline();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int worker = 0; worker < threads; worker++) {
        int id = worker;
        workers.add(
            pool.submit(
                () -> {
                  baseline.drain(work, output, id);
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    } finally {
      pool.shutdownNow();
    }
    List<TableCount> counts = new ArrayList<>();
    for (Table table : Table.values()) {
      counts.add(baseline.tallies.get(table).snapshot());
    }
    return counts;
  }

  private record LandingObject(Table table, Path path) {}

  /** One worker: takes objects until none are left, writing to files of its own. */
  private void drain(ConcurrentLinkedQueue<LandingObject> work, Path output, int worker)
      throws IOException {
    Map<Table, BufferedWriter> curated = new EnumMap<>(Table.class);
    Map<Table, BufferedWriter> dead = new EnumMap<>(Table.class);
    try {
      for (Table table : Table.values()) {
        curated.put(table, writer(output.resolve("curated").resolve(table.id()), worker));
        dead.put(table, writer(output.resolve("dead-letter").resolve(table.id()), worker));
      }
      LandingObject object;
      while ((object = work.poll()) != null) {
        cleanObject(object, curated.get(object.table), dead.get(object.table));
      }
    } finally {
      for (BufferedWriter w : curated.values()) {
        w.close();
      }
      for (BufferedWriter w : dead.values()) {
        w.close();
      }
    }
  }

  private static BufferedWriter writer(Path dir, int worker) throws IOException {
    Files.createDirectories(dir);
    return Files.newBufferedWriter(
        dir.resolve(String.format("part-%05d.jsonl", worker)), StandardCharsets.UTF_8);
  }

  /** The same line splitting and source naming as the pipeline's ReadRawLinesFn. */
  private void cleanObject(LandingObject object, BufferedWriter curated, BufferedWriter dead)
      throws IOException {
    String source = "file:" + object.path + "#";
    try (InputStream in = Files.newInputStream(object.path)) {
      LandingObjectLines.split(
          in,
          (lineNumber, line) ->
              cleanRecord(
                  object.table,
                  RawRecords.fromUtf8(object.table, source + lineNumber, line),
                  curated,
                  dead));
    }
  }

  /** The pipeline's CurateFn, minus Beam: each record comes out once, curated or dead-lettered. */
  private void cleanRecord(
      Table table, RawRecord record, BufferedWriter curated, BufferedWriter dead)
      throws IOException {
    TableTally tally = tallies.get(table);
    tally.read.increment();
    String error = record.readError;
    if (error == null) {
      try {
        Row row = curators.get(table).curate(record.payload);
        tally.curatedBeforeDedup.increment();
        String json = CuratedJson.toJson(row);
        if (tally.distinct.firstSeen(row, json)) {
          tally.curatedAfterDedup.increment();
          curated.write(json);
          curated.write('\n');
        }
        return;
      } catch (InvalidRecordException e) {
        error = e.getMessage();
      } catch (RuntimeException e) {
        error = "unexpected error: " + e;
      }
    }
    tally.deadLettered.increment();
    dead.write(
        DeadLetterJson.toJson(
            new DeadLetter(
                table.id(),
                record.source,
                record.payload,
                error,
                PIPELINE,
                Instant.now().toString())));
    dead.write('\n');
  }
}
