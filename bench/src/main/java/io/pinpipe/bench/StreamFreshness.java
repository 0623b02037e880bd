package io.pinpipe.bench;

import io.pinpipe.emulator.KafkaEventSink;
import io.pinpipe.testdata.RowGenerator;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/pinpipe-bench stream}: the speed layer at a steady input rate, measured from outside
 * as a user sees it. Creates fresh topics, starts the {@code stream} pipeline as a child JVM,
 * proves it runs with warm-up events, sends at the rate for {@code --warmup} seconds unmeasured
 * (JIT compilation and the backlog it leaves are not what a long-running job sees), then produces
 * seeded generator rows ({@link RowGenerator}, as the emulator posts them: one event is the pin,
 * geo and user rows of one key, through the emulator's own {@link KafkaEventSink}) at {@code
 * --rate} events/s for {@code --seconds}, remembering when each row was produced. A watcher ({@link
 * CuratedWatcher}) polls the output every {@value #POLL_MILLIS} ms; freshness is the time from a
 * row's production to its being visible: in the speed table, committed, with {@code
 * --watch=tables}; in the JSON Lines export with {@code --watch=files} (the default). Ends when
 * every produced row was seen, or at a deadline, then stops the child and prints one result line.
 *
 * <pre>
 * StreamFreshness --runner=flink --rate=2000 --seconds=60 [--warmup=20] --window=10s --kafkaBootstrap=H:P --topicPrefix=P
 *     --output=D --log=F --gcLog=F [--watch=files|tables] [--seed=1] [--label=stream] [--heap=1g] [--tsv=F] -- java ... stream ...
 * StreamFreshness --header=true</pre>
 *
 * <p>Exit code 0: sustainable; 3: measured, not sustainable; 1: the run failed; 2: bad options.
 */
public final class StreamFreshness {
  static final int EXIT_NOT_SUSTAINABLE = 3;
  static final long POLL_MILLIS = 100;

  /**
   * Rows in flight to Kafka: enough that acknowledgements never pace the producer at these rates.
   */
  private static final int MAX_IN_FLIGHT = 4096;

  private static final long WARM_UP_EVENT_MILLIS = 200;

  /**
   * Keys of the rows sent at the rate before measuring: in the watcher's warm-up range, after the
   * single warm-up events.
   */
  private static final long WARM_UP_AT_RATE_KEY_BASE =
      CuratedWatcher.WARM_UP_KEY_BASE + 100_000_000L;

  /** Flink-local on a busy 2-core machine takes well under this to start a streaming job. */
  private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(3);

  private final StreamSettings settings;
  private final ProducedRows produced;
  private final CuratedWatcher watcher;
  private final RowGenerator generator;
  private final AtomicLong acknowledgedRows = new AtomicLong();
  private final AtomicLong failedRows = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  private StreamFreshness(StreamSettings settings) {
    this.settings = settings;
    this.produced =
        new ProducedRows(
            new SteadyPace(settings.eventsPerSecond(), settings.seconds()).plannedEvents());
    this.watcher = CuratedWatcher.of(settings.watchTables(), settings.output(), produced);
    this.generator = new RowGenerator(settings.seed());
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--header=true")) {
      System.out.println(StreamResult.header());
      return;
    }
    StreamSettings settings;
    try {
      settings = StreamSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("StreamFreshness: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamResult result = new StreamFreshness(settings).measure();
    System.out.println(result.line());
    if (settings.tsv() != null) {
      append(settings.tsv(), result);
    }
    System.exit(
        !result.failure().isEmpty() || result.failedRows() > 0
            ? 1
            : result.sustainable() ? 0 : EXIT_NOT_SUSTAINABLE);
  }

  private StreamResult measure() throws Exception {
    createTopics();
    Files.createDirectories(settings.log().getParent());
    Process pipeline =
        new ProcessBuilder(settings.pipelineCommand())
            .redirectErrorStream(true)
            .redirectOutput(settings.log().toFile())
            .start();
    // Ctrl-C or a kill of this JVM must not leave the pipeline running.
    Thread stopOnExit = new Thread(pipeline::destroy);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    ScheduledExecutorService polling = Executors.newScheduledThreadPool(2);
    ServedWatcher served =
        settings.serveUrl() == null
            ? null
            : new ServedWatcher(URI.create(settings.serveUrl()), settings.speedSuffix());
    RequestLoad load =
        settings.serveUrl() == null
            ? null
            : new RequestLoad(
                URI.create(settings.serveUrl()), settings.clients(), settings.requestsPerSecond());
    String failure = "";
    Production production = new Production(0, 0);
    ChildUsage usage = ChildUsage.NONE;
    try (KafkaEventSink sink =
        new KafkaEventSink(settings.kafkaBootstrap(), settings.topicPrefix(), Map.of())) {
      AtomicReference<Exception> watchError = new AtomicReference<>();
      every(polling, watcher::poll, watchError);
      if (served != null) {
        every(polling, served::poll, watchError);
      }

      failure = warmUp(sink, pipeline);
      if (failure.isEmpty() && settings.warmupSeconds() > 0) {
        progress(
            "warming up at %,d events/s for %d s (not measured) ...",
            settings.eventsPerSecond(), settings.warmupSeconds());
        produce(sink, settings.warmupSeconds(), WARM_UP_AT_RATE_KEY_BASE, false);
      }
      if (failure.isEmpty()) {
        progress(
            "measuring: %,d events/s (%,d rows/s) for %d s ...",
            settings.eventsPerSecond(), 3 * settings.eventsPerSecond(), settings.seconds());
        if (load != null) {
          load.start();
        }
        production = produce(sink, settings.seconds(), 0, true);
        progress(
            "produced %,d events (%,d rows acknowledged, %,d failed) in %.1f s; waiting for the last windows ...",
            production.events, acknowledgedRows.get(), failedRows.get(), production.seconds);
        failure = awaitCurated(pipeline, production);
        if (served != null) {
          awaitServed(served, production);
          load.stop();
        }
      }
      if (watchError.get() != null) {
        failure = "reading the output failed: " + watchError.get();
      }
      usage = ChildUsage.of(pipeline);
    } finally {
      polling.shutdownNow();
      stop(pipeline);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and stops the pipeline itself
      }
      deleteTopics();
    }
    watcher.poll(); // anything renamed into place before the stop
    if (failure.isEmpty()) {
      failure = outputProblems();
    }
    Percentiles freshness = new Percentiles(watcher.freshnessMillis());
    boolean any = freshness.count() > 0;
    GcLog gc =
        Files.isRegularFile(settings.gcLog())
            ? GcLog.parse(Files.readAllLines(settings.gcLog(), StandardCharsets.UTF_8))
            : new GcLog(0, 0);
    if (served != null) {
      System.out.println(servedLine(served, load, production));
    }
    return new StreamResult(
        settings.label(),
        settings.runner(),
        settings.eventsPerSecond(),
        settings.seconds(),
        settings.windowMillis(),
        production.events,
        production.seconds,
        acknowledgedRows.get(),
        failedRows.get(),
        watcher.curated(),
        watcher.deadLetters(),
        any ? freshness.at(50) : StreamResult.NO_FRESHNESS,
        any ? freshness.at(99) : StreamResult.NO_FRESHNESS,
        any ? freshness.max() : StreamResult.NO_FRESHNESS,
        usage.cpuSeconds(),
        gc.usedBytes(),
        gc.liveBytes(),
        usage.peakRssBytes(),
        settings.heapCap(),
        loadAverage(),
        failure);
  }

  private record Production(long events, double seconds) {}

  private interface Poll {
    void run() throws Exception;
  }

  /**
   * Runs {@code poll} every {@value #POLL_MILLIS} ms; its first failure is kept in {@code error}.
   */
  private static void every(
      ScheduledExecutorService polling, Poll poll, AtomicReference<Exception> error) {
    polling.scheduleWithFixedDelay(
        () -> {
          try {
            poll.run();
          } catch (Exception e) {
            error.compareAndSet(null, e);
          }
        },
        0,
        POLL_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Waits (up to 30 s after the rows were curated) until serve answers with the last produced row
   * of every table.
   */
  private void awaitServed(ServedWatcher served, Production production) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = production.events - 1;
    while (System.nanoTime() < deadline) {
      boolean all = last >= 0;
      for (Table table : Table.values()) {
        long at = last < 0 ? ProducedRows.NOT_PRODUCED : produced.producedAt(table, last);
        all &= at != ProducedRows.NOT_PRODUCED && served.servedAt(table, at) >= 0;
      }
      if (all) {
        return;
      }
      sleep(POLL_MILLIS);
    }
  }

  /**
   * The serving layer's line: freshness from production to a served answer, and request latency.
   */
  private String servedLine(ServedWatcher served, RequestLoad load, Production production) {
    List<Long> freshness = served.freshnessMillis(produced, production.events);
    long rows = 3 * production.events;
    Percentiles f = new Percentiles(freshness.stream().mapToLong(Long::longValue).toArray());
    Percentiles latency =
        new Percentiles(load.latencyMicros().stream().mapToLong(Long::longValue).toArray());
    String fresh =
        f.count() == 0
            ? "no row served"
            : String.format(
                Locale.ROOT,
                "freshness p50 %.1f s, p99 %.1f s, max %.1f s (%,d of %,d rows served; window + 5 s = %.0f s)",
                f.at(50) / 1e3,
                f.at(99) / 1e3,
                f.max() / 1e3,
                f.count(),
                rows,
                (settings.windowMillis() + 5000) / 1e3);
    String requests =
        latency.count() == 0
            ? "no request answered"
            : String.format(
                Locale.ROOT,
                "%,d requests (%d/s by %d clients), latency p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d failed",
                latency.count(),
                settings.requestsPerSecond(),
                settings.clients(),
                latency.at(50) / 1e3,
                latency.at(99) / 1e3,
                latency.max() / 1e3,
                load.failures());
    return "serve: " + fresh + "; " + requests;
  }

  /**
   * Posts a warm-up event every {@value #WARM_UP_EVENT_MILLIS} ms until one of its rows is curated:
   * the pipeline then reads, cleans and writes, so start-up time never counts as freshness.
   */
  private String warmUp(KafkaEventSink sink, Process pipeline) {
    long start = System.nanoTime();
    long key = CuratedWatcher.WARM_UP_KEY_BASE;
    progress(
        "started the pipeline (log: %s); warming up until its first window is written ...",
        settings.log());
    while (watcher.warmUpRows() == 0) {
      if (!pipeline.isAlive()) {
        return "the pipeline exited with code "
            + pipeline.exitValue()
            + " during warm-up, see "
            + settings.log();
      }
      if (System.nanoTime() - start
          > WARM_UP_LIMIT.toNanos() + TimeUnit.MILLISECONDS.toNanos(settings.windowMillis())) {
        return "no warm-up row curated within "
            + WARM_UP_LIMIT.toMinutes()
            + " min + one window, see "
            + settings.log();
      }
      for (Table table : Table.values()) {
        sink.send(table, Long.toString(key), generator.row(table.id(), key));
      }
      key++;
      sleep(WARM_UP_EVENT_MILLIS);
    }
    progress("pipeline up after %.1f s", (System.nanoTime() - start) / 1e9);
    return "";
  }

  /**
   * Events at the rate for {@code seconds}, paced like the emulator: event i is due i / rate
   * seconds after the start. Measured rows are remembered with their production time; warm-up rows
   * (keys from {@code firstKey}, in the watcher's warm-up range) are only sent.
   */
  private Production produce(KafkaEventSink sink, long seconds, long firstKey, boolean measured) {
    SteadyPace pace = new SteadyPace(settings.eventsPerSecond(), seconds);
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long events = 0;
    for (long event = 0; event < pace.plannedEvents(); event++) {
      long wait;
      while ((wait = start + pace.dueNanos(event) - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait); // may return early: check again
      }
      if (System.nanoTime() >= end) {
        break; // fell so far behind that the time is up: the achieved rate shows it
      }
      long key = firstKey + event;
      for (Table table : Table.values()) {
        String row = generator.row(table.id(), key);
        inFlight.acquireUninterruptibly();
        if (measured) {
          produced.record(table, key, System.currentTimeMillis());
        }
        sink.send(table, Long.toString(key), row)
            .whenComplete(
                (ok, error) -> {
                  if (error == null) {
                    if (measured) {
                      acknowledgedRows.incrementAndGet();
                    }
                  } else {
                    failedRows.incrementAndGet();
                    firstError.compareAndSet(null, error.toString());
                  }
                  inFlight.release();
                });
      }
      events++;
    }
    double elapsed = Math.max((System.nanoTime() - start) / 1e9, seconds);
    inFlight.acquireUninterruptibly(MAX_IN_FLIGHT); // every row answered
    if (firstError.get() != null) {
      progress("first send error: %s", firstError.get());
    }
    return new Production(events, elapsed);
  }

  /**
   * Waits until every acknowledged row was seen, up to the last row's window + 3 windows + 30 s.
   */
  private String awaitCurated(Process pipeline, Production production) {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * settings.windowMillis() + 30_000);
    while (watcher.curated() < acknowledgedRows.get()) {
      if (!pipeline.isAlive()) {
        return "the pipeline exited with code " + pipeline.exitValue() + ", see " + settings.log();
      }
      if (System.nanoTime() > deadline) {
        return ""; // not a failure of the run: the missing rows make it not sustainable
      }
      sleep(POLL_MILLIS);
    }
    return "";
  }

  /**
   * What says the pipeline, not the load, is wrong: every row should be curated once and be valid.
   */
  private String outputProblems() {
    List<String> problems = new ArrayList<>();
    if (watcher.deadLetters() > 0) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%,d dead letters (the generator's rows are all valid)",
              watcher.deadLetters()));
    }
    if (watcher.duplicates() > 0) {
      problems.add(
          String.format(Locale.ROOT, "%,d rows curated more than once", watcher.duplicates()));
    }
    if (watcher.unexpectedRows() > 0) {
      problems.add(
          String.format(
              Locale.ROOT, "%,d curated rows that were never produced", watcher.unexpectedRows()));
    }
    return String.join("; ", problems);
  }

  /**
   * SIGTERM (the JVM runs its shutdown hooks: GC log and JFR are written), then SIGKILL after 30 s.
   */
  static void stop(Process pipeline) throws InterruptedException {
    pipeline.destroy();
    if (!pipeline.waitFor(30, TimeUnit.SECONDS)) {
      pipeline.destroyForcibly().waitFor();
    }
  }

  /**
   * One partition per topic: {@code stream} on Flink runs with parallelism 1 (README, known
   * limits).
   */
  private void createTopics() throws InterruptedException, ExecutionException {
    BenchTopics.create(settings.kafkaBootstrap(), settings.topicPrefix(), settings.partitions());
  }

  private void deleteTopics() {
    BenchTopics.delete(settings.kafkaBootstrap(), settings.topicPrefix());
  }

  private static void append(Path tsv, StreamResult result) throws IOException {
    if (!Files.exists(tsv)) {
      Files.writeString(tsv, StreamResult.tsvHeader() + "\n", StandardCharsets.UTF_8);
    }
    Files.writeString(
        tsv,
        result.tsv(LocalDate.now().toString(), Runtime.getRuntime().availableProcessors()) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "-";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "pinpipe-bench stream: " + format + "%n", args);
  }
}
