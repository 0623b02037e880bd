package io.pinpipe.bench;

import io.pinpipe.emulator.KafkaEventSink;
import io.pinpipe.pipelines.options.DurationOption;
import io.pinpipe.testdata.RowGenerator;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/pinpipe-bench catchup}: how fast a speed layer works off a backlog. {@code produce}
 * puts {@code --events} events (a pin, a geo and a user row of one key each, from the seeded {@link
 * RowGenerator}, through the emulator's {@link KafkaEventSink}, as {@link StreamFreshness} sends
 * them) on fresh topics of {@code --partitions} partitions, not timed. {@code measure} then starts
 * one runner's command, which must read those topics from the earliest offset and write JSON Lines
 * where {@link CuratedWatcher} reads them, and times it from the JVM's start until the watcher has
 * seen every row; then it stops the command and prints one line (also appended to {@code --tsv}).
 *
 * <pre>
 * CatchUp produce --kafkaBootstrap=H:P --topicPrefix=P --events=N [--partitions=2] [--seed=1]
 *     [--firstKey=0]
 * CatchUp measure --runner=R --events=N --partitions=K --parallelism=P --output=D --log=F
 *     [--firstKey=0] [--label=catchup] [--tsv=F] [--timeout=15m] -- java ... stream ...
 * CatchUp delete --kafkaBootstrap=H:P --topicPrefix=P
 * CatchUp header
 * CatchUp ratio --tsv=F [--from=&lt;data rows before this invocation&gt;]</pre>
 *
 * <p>With {@code --firstKey=K} (K &gt; 0) {@code produce} adds the events of keys K.. to the
 * existing topics, and {@code measure} waits for those keys only, refusing rows of any other: the
 * {@code restart} scenario's new events after a backlog of keys 0..K-1 that a resumed run must not
 * read again.
 *
 * <p>Exit code 0: measured (every row once); 1: the run failed; 2: bad options.
 */
public final class CatchUp {
  static final String REFERENCE = Ratios.REFERENCE;
  private static final int MAX_IN_FLIGHT = 4096;
  private static final long PROGRESS_MILLIS = 10_000;

  private CatchUp() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("CatchUp: expected produce, measure, delete, header or ratio");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "produce" -> produce(rest);
        case "measure" -> System.exit(measure(rest));
        case "delete" -> {
          Map<String, String> o =
              BenchOptions.parse(rest, List.of("kafkaBootstrap", "topicPrefix"));
          BenchTopics.delete(
              BenchOptions.required(o, "kafkaBootstrap"), BenchOptions.required(o, "topicPrefix"));
        }
        case "header" -> System.out.println(CatchUpResult.header());
        case "ratio" -> ratio(rest, System.out);
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("CatchUp: " + e.getMessage());
      System.exit(2);
    }
  }

  /** The backlog: fresh topics, then every event as fast as Kafka acknowledges. */
  static void produce(String[] args) throws Exception {
    Map<String, String> o =
        BenchOptions.parse(
            args,
            List.of("kafkaBootstrap", "topicPrefix", "events", "partitions", "seed", "firstKey"));
    String bootstrap = BenchOptions.required(o, "kafkaBootstrap");
    String prefix = BenchOptions.required(o, "topicPrefix");
    long events = positive(o, "events", null);
    int partitions = (int) positive(o, "partitions", "2");
    RowGenerator generator = new RowGenerator(Long.parseLong(o.getOrDefault("seed", "1")));
    long firstKey = Long.parseLong(o.getOrDefault("firstKey", "0"));
    if (firstKey == 0) {
      BenchTopics.create(bootstrap, prefix, partitions);
    }
    long start = System.nanoTime();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    try (KafkaEventSink sink = new KafkaEventSink(bootstrap, prefix, Map.of())) {
      for (long key = firstKey; key < firstKey + events; key++) {
        for (Table table : Table.values()) {
          inFlight.acquireUninterruptibly();
          sink.send(table, Long.toString(key), generator.row(table.id(), key))
              .whenComplete(
                  (ok, error) -> {
                    if (error != null) {
                      failed.incrementAndGet();
                      firstError.compareAndSet(null, error.toString());
                    }
                    inFlight.release();
                  });
        }
      }
      inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(
          failed.get() + " rows not acknowledged by Kafka, the first: " + firstError.get());
    }
    System.err.printf(
        Locale.ROOT,
        "pinpipe-bench catchup: %,d events (%,d rows) on %s.{pin,geo,user}, %d partitions each,"
            + " in %.1f s (not timed)%n",
        events,
        3 * events,
        prefix,
        partitions,
        (System.nanoTime() - start) / 1e9);
  }

  static int measure(String[] args) throws Exception {
    int separator = Arrays.asList(args).indexOf("--");
    if (separator < 0 || separator == args.length - 1) {
      throw new IllegalArgumentException(
          "expected the options, then -- and the command that processes the backlog");
    }
    Map<String, String> o =
        BenchOptions.parse(
            Arrays.copyOfRange(args, 0, separator),
            List.of(
                "label",
                "runner",
                "events",
                "partitions",
                "parallelism",
                "output",
                "log",
                "tsv",
                "timeout",
                "firstKey",
                "watch"));
    List<String> command = List.of(Arrays.copyOfRange(args, separator + 1, args.length));
    long events = positive(o, "events", null);
    Path output = Path.of(BenchOptions.required(o, "output"));
    Path log = Path.of(BenchOptions.required(o, "log"));
    long timeoutNanos =
        TimeUnit.MILLISECONDS.toNanos(
            DurationOption.parse("timeout", o.getOrDefault("timeout", "15m"), false).getMillis());

    // Every key firstKey..firstKey+events-1 was produced (by `produce`, before this JVM): the
    // watcher counts each as curated once, and any other as never produced; production times are
    // not measured here.
    long firstKey = Long.parseLong(o.getOrDefault("firstKey", "0"));
    ProducedRows produced = new ProducedRows(firstKey + events);
    long now = System.currentTimeMillis();
    for (Table table : Table.values()) {
      for (long key = firstKey; key < firstKey + events; key++) {
        produced.record(table, key, now);
      }
    }
    CuratedWatcher watcher =
        CuratedWatcher.of(
            StreamSettings.watchTables(o.getOrDefault("watch", "files")), output, produced);
    long expected = 3 * events;
    Files.createDirectories(log.getParent());

    long start = System.nanoTime();
    Process job =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Thread stopOnExit = new Thread(job::destroy);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    ChildUsage usage = ChildUsage.NONE;
    String failure = "";
    double wall = 0;
    long nextProgress = start + TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS);
    try {
      while (true) {
        // Sampled while it runs: a job that ends by itself (Spark's available-now) has no /proc
        // after.
        usage = usage.max(ChildUsage.of(job));
        boolean alive = job.isAlive();
        watcher.poll();
        if (watcher.curated() >= expected) {
          wall = (System.nanoTime() - start) / 1e9;
          break;
        }
        if (!alive) {
          failure =
              String.format(
                  Locale.ROOT,
                  "the job exited with code %d after %,d of %,d rows, see %s",
                  job.exitValue(),
                  watcher.curated(),
                  expected,
                  log);
          break;
        }
        if (System.nanoTime() - start > timeoutNanos) {
          failure =
              String.format(
                  Locale.ROOT,
                  "%,d of %,d rows within %s, see %s",
                  watcher.curated(),
                  expected,
                  o.getOrDefault("timeout", "15m"),
                  log);
          break;
        }
        if (System.nanoTime() > nextProgress) {
          System.err.printf(
              Locale.ROOT,
              "pinpipe-bench catchup: %s: %,d of %,d rows after %.0f s%n",
              o.get("runner"),
              watcher.curated(),
              expected,
              (System.nanoTime() - start) / 1e9);
          nextProgress += TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS);
        }
        Thread.sleep(StreamFreshness.POLL_MILLIS);
      }
    } finally {
      StreamFreshness.stop(job);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and stops the job itself
      }
    }
    watcher.poll(); // anything renamed into place before the stop
    List<String> problems = new ArrayList<>();
    if (!failure.isEmpty()) {
      problems.add(failure);
    }
    if (watcher.deadLetters() > 0) {
      problems.add(watcher.deadLetters() + " dead letters (the generator's rows are all valid)");
    }
    if (watcher.duplicates() > 0) {
      problems.add(watcher.duplicates() + " rows curated more than once");
    }
    if (watcher.unexpectedRows() > 0) {
      problems.add(watcher.unexpectedRows() + " curated rows that were never produced");
    }
    CatchUpResult result =
        new CatchUpResult(
            o.getOrDefault("label", "catchup"),
            BenchOptions.required(o, "runner"),
            events,
            (int) positive(o, "partitions", "2"),
            (int) positive(o, "parallelism", "2"),
            wall,
            usage.cpuSeconds(),
            usage.peakRssBytes(),
            watcher.curated(),
            watcher.deadLetters(),
            loadAverage(),
            String.join("; ", problems));
    System.out.println(result.line());
    if (o.containsKey("tsv")) {
      Path tsv = Path.of(o.get("tsv"));
      if (!Files.exists(tsv)) {
        Files.writeString(tsv, CatchUpResult.tsvHeader() + "\n", StandardCharsets.UTF_8);
      }
      Files.writeString(
          tsv,
          result.tsv(LocalDate.now().toString(), Runtime.getRuntime().availableProcessors()) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    }
    return result.ok() ? 0 : 1;
  }

  /**
   * After the measurements of one invocation (the rows from {@code --from} on): each pinpipe
   * runner's events/s ÷ the Spark reference's, per (label, events), successful runs only; with the
   * CPU seconds of both, which competing load on the machine stretches less than wall time.
   */
  static void ratio(String[] args, PrintStream out) throws IOException {
    Map<String, String> o = BenchOptions.parse(args, List.of("tsv", "from"));
    Path tsv = Path.of(BenchOptions.required(o, "tsv"));
    if (!Files.exists(tsv)) {
      return;
    }
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    List<CatchUpResult> now = new ArrayList<>();
    int from = Integer.parseInt(o.getOrDefault("from", "0"));
    for (String line : lines.subList(Math.min(1 + from, lines.size()), lines.size())) {
      if (!line.isBlank()) {
        now.add(CatchUpResult.parse(line));
      }
    }
    for (String line : ratioLines(now)) {
      out.println(line);
    }
  }

  static List<String> ratioLines(List<CatchUpResult> results) {
    List<String> lines = new ArrayList<>();
    for (CatchUpResult reference : results) {
      if (!reference.runner().equals(REFERENCE) || !reference.ok()) {
        continue;
      }
      for (CatchUpResult pinpipe : results) {
        if (pinpipe.runner().equals(REFERENCE)
            || !pinpipe.ok()
            || pinpipe.events() != reference.events()
            || !pinpipe.label().equals(reference.label())) {
          continue;
        }
        lines.add(
            String.format(
                Locale.ROOT,
                "catch-up at %,d events: pinpipe on %s %,.0f events/s ÷ %s %,.0f events/s = %.2f"
                    + " (CPU s: %.1f against %.1f, %.2f×)",
                pinpipe.events(),
                pinpipe.runner(),
                pinpipe.eventsPerSecond(),
                REFERENCE,
                reference.eventsPerSecond(),
                pinpipe.eventsPerSecond() / reference.eventsPerSecond(),
                pinpipe.cpuSeconds(),
                reference.cpuSeconds(),
                pinpipe.cpuSeconds() / reference.cpuSeconds()));
      }
    }
    return lines;
  }

  private static long positive(Map<String, String> o, String name, String fallback) {
    String text =
        fallback == null ? BenchOptions.required(o, name) : o.getOrDefault(name, fallback);
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + ": expected a whole number, got '" + text + "'");
    }
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + ": must be at least 1, got " + value);
    }
    return value;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "-";
    }
  }
}
