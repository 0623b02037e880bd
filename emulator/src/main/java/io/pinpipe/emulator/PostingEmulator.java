package io.pinpipe.emulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.pinpipe.options.Choices;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.JdbcSource;
import io.pinpipe.pipelines.options.JdbcSourceOptions;
import io.pinpipe.pipelines.options.KafkaClientOptions;
import io.pinpipe.pipelines.options.KafkaClientProperties;
import io.pinpipe.pipelines.options.TopicOptions;
import io.pinpipe.pipelines.options.TopicPrefix;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.checkerframework.checker.nullness.qual.Nullable;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * {@code emulate}: the posting emulator. Picks random keys of the source tables and posts the pin,
 * geo and user rows of each, at a steady rate, to the Ingest API, or straight to Kafka or Kinesis.
 *
 * <p>A plain program rather than a Beam pipeline: the rate is kept by a single pacing loop (event
 * {@code i} is due at {@code i / rate} seconds), which holds it to the millisecond at any rate the
 * receiver keeps up with, and prints exact progress; a rate-limited {@code GenerateSequence} on the
 * DirectRunner emits in uneven bundles. Sends are asynchronous with a bounded number in flight, and
 * a row counts as sent only once the receiver acknowledged it.
 *
 * <pre>
 * bin/pinpipe emulate --jdbcUrl=jdbc:mariadb://127.0.0.1:3306/pinterest --jdbcUser=root \
 *     --target=api --apiUrl=http://127.0.0.1:8082 --rate=10/s --limit=1000 --seed=100
 * </pre>
 */
public final class PostingEmulator {
  public static final String NAME = "emulate";
  private static final int MAX_IN_FLIGHT = 64;

  /** The values of {@code --target}. */
  public enum Target {
    API,
    KAFKA,
    KINESIS;

    @JsonCreator
    public static Target of(String text) {
      return Choices.of(Target.class, text);
    }
  }

  /** Options of {@code emulate}. */
  public interface Options extends JdbcSourceOptions, TopicOptions, KafkaClientOptions, AwsOptions {
    @Description(
        "Where events go: api (the Ingest API at --apiUrl), kafka (straight to --kafkaBootstrap) "
            + "or kinesis (straight to the streams streaming-<topicPrefix>-{pin,geo,user}).")
    @Default.Enum("API")
    Target getTarget();

    void setTarget(Target value);

    @Description("Base URL of the Ingest API.")
    @Default.String("http://127.0.0.1:8082")
    String getApiUrl();

    void setApiUrl(String value);

    @Description(
        "With --target=api: kafka (POST /topics/<topicPrefix>.<table>, REST Proxy v2) or kinesis "
            + "(PUT /streams/streaming-<topicPrefix>-<table>/record).")
    @Default.Enum("KAFKA")
    ApiRoutes getApiRoutes();

    void setApiRoutes(ApiRoutes value);

    @Description(
        "Name of the environment variable holding the Ingest API key (sent as a Bearer token).")
    @Default.String("PINPIPE_API_KEY")
    String getApiKeyEnv();

    void setApiKeyEnv(String value);

    @Description("File holding the Ingest API key (first line); wins over --apiKeyEnv.")
    String getApiKeyFile();

    void setApiKeyFile(String value);

    @Description(
        "Kinesis endpoint for a Kinesis-compatible server, e.g. http://127.0.0.1:4568 (AWS by default).")
    String getKinesisEndpoint();

    void setKinesisEndpoint(String value);

    @Description("Events per time unit: 10/s, 600/m, 0.5/s. Each event posts three rows.")
    @Default.String("10/s")
    String getRate();

    void setRate(String value);

    @Description(
        "Stop after this many events; 0 runs until stopped (Ctrl-C finishes the rows in flight).")
    @Default.Long(0)
    long getLimit();

    void setLimit(long value);

    @Description(
        "Seed of the random key choice: the same seed posts the same events in the same order.")
    @Default.Long(100)
    long getSeed();

    void setSeed(long value);
  }

  /** What a run did; {@code failedRows} were not acknowledged. */
  public record Summary(
      long events,
      long acknowledgedRows,
      long failedRows,
      double seconds,
      @Nullable String firstError) {}

  private PostingEmulator() {}

  public static void main(String[] args) {
    Cli.main(NAME, args, Options.class, PostingEmulator::runToTheEnd);
  }

  private static void runToTheEnd(Options options) {
    Summary summary = run(options, System.err);
    if (summary.failedRows() > 0) {
      throw new IllegalStateException(
          summary.failedRows()
              + " rows were not acknowledged; first error: "
              + summary.firstError());
    }
  }

  /** Validates the options, then posts events until the limit or until the process is stopped. */
  public static Summary run(Options options, PrintStream progress) {
    EventRate rate = EventRate.parse("rate", options.getRate());
    if (options.getLimit() < 0) {
      throw new InvalidOptionException(
          "limit", "must be 0 (no limit) or more, got " + options.getLimit());
    }
    TopicPrefix.validated(options.getTopicPrefix());
    JdbcSource source = JdbcSource.connect(options);
    try (EventSink sink = sink(options);
        SourceEvents events = new SourceEvents(source, options.getSeed())) {
      progress.printf(
          "emulate: %d keys in %s; posting to %s at %s%s%n",
          events.keyCount(),
          source.redactedUrl(),
          sink.describe(),
          options.getRate(),
          options.getLimit() > 0 ? ", " + options.getLimit() + " events" : " until stopped");
      return post(events, sink, rate, options.getLimit(), progress);
    } catch (SQLException e) {
      throw new IllegalStateException("the source database failed: " + e.getMessage(), e);
    }
  }

  private static Summary post(
      SourceEvents events, EventSink sink, EventRate rate, long limit, PrintStream progress)
      throws SQLException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                main.join(60_000); // let the loop wait for the rows in flight
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long nextReport = start + TimeUnit.SECONDS.toNanos(1);
    long sent = 0;
    try {
      while ((limit == 0 || sent < limit) && !stop.get()) {
        long wait = start + rate.dueNanos(sent) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue; // re-check: parkNanos may return early
        }
        PostingEvent event;
        try {
          event = events.next();
        } catch (SQLException e) {
          // The rows already handed to the sink still get their answer, so the counts are exact.
          inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
          throw new SQLException(
              String.format(
                  Locale.ROOT,
                  "after %d events (%d rows acknowledged, %d failed): %s",
                  sent,
                  acknowledged.get(),
                  failed.get(),
                  e.getMessage()),
              e);
        }
        for (Table table : Table.values()) {
          inFlight.acquireUninterruptibly();
          sink.send(table, event.key(), event.rows().get(table))
              .whenComplete(
                  (ok, error) -> {
                    if (error == null) {
                      acknowledged.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                      firstError.compareAndSet(null, rootMessage(error));
                    }
                    inFlight.release();
                  });
        }
        sent++;
        if (System.nanoTime() >= nextReport) {
          report(progress, sent, acknowledged.get(), failed.get(), start);
          nextReport += TimeUnit.SECONDS.toNanos(progressEverySeconds(progress));
        }
      }
      inFlight.acquireUninterruptibly(MAX_IN_FLIGHT); // every row answered
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for this method to return
      }
    }
    Summary summary =
        new Summary(
            sent,
            acknowledged.get(),
            failed.get(),
            (System.nanoTime() - start) / 1e9,
            firstError.get());
    progress.printf(
        Locale.ROOT,
        "emulate: done: %d events, %d rows acknowledged, %d failed, in %.1f s (%.1f events/s)%s%n",
        summary.events(),
        summary.acknowledgedRows(),
        summary.failedRows(),
        summary.seconds(),
        summary.events() / Math.max(summary.seconds(), 1e-9),
        summary.firstError() == null ? "" : "; first error: " + summary.firstError());
    return summary;
  }

  private static long progressEverySeconds(PrintStream progress) {
    return progress == System.err && System.console() == null ? 10 : 1;
  }

  private static void report(
      PrintStream progress, long sent, long acknowledged, long failed, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    progress.printf(
        Locale.ROOT,
        "emulate: %d events sent, %d rows acknowledged, %d failed, %.1f events/s%n",
        sent,
        acknowledged,
        failed,
        sent / seconds);
  }

  private static EventSink sink(Options options) {
    return switch (options.getTarget()) {
      case KAFKA ->
          new KafkaEventSink(
              InvalidOptionException.required(
                  "kafkaBootstrap", options.getKafkaBootstrap(), "host:port of a Kafka broker"),
              options.getTopicPrefix(),
              KafkaClientProperties.load(options.getKafkaPropertiesFile()));
      case KINESIS -> new KinesisEventSink(kinesisClient(options), options.getTopicPrefix());
      case API ->
          new IngestApiSink(
              uri("apiUrl", options.getApiUrl()),
              options.getApiRoutes(),
              options.getTopicPrefix(),
              apiKey(options));
    };
  }

  private static KinesisAsyncClient kinesisClient(Options options) {
    KinesisAsyncClientBuilder builder =
        KinesisAsyncClient.builder()
            .credentialsProvider(options.getAwsCredentialsProvider())
            // The emulator bounds the rows in flight itself; the pool must hold them all, and a
            // slow
            // endpoint should slow the emulator down rather than fail rows waiting for a
            // connection.
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(MAX_IN_FLIGHT)
                    .connectionAcquisitionTimeout(Duration.ofMinutes(2)));
    if (options.getAwsRegion() != null) {
      builder.region(options.getAwsRegion());
    }
    if (options.getKinesisEndpoint() != null && !options.getKinesisEndpoint().isBlank()) {
      builder.endpointOverride(uri("kinesisEndpoint", options.getKinesisEndpoint()));
    }
    return builder.build();
  }

  private static @Nullable String apiKey(Options options) {
    if (options.getApiKeyFile() != null) {
      try {
        return Files.readString(Path.of(options.getApiKeyFile()), StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElse("")
            .strip();
      } catch (IOException e) {
        throw new InvalidOptionException(
            "apiKeyFile", "cannot read " + options.getApiKeyFile() + ": " + e.getMessage());
      }
    }
    String env = options.getApiKeyEnv();
    String key = env == null || env.isEmpty() ? null : System.getenv(env);
    return key == null || key.isBlank() ? null : key.strip();
  }

  private static URI uri(String option, String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(text, "expected scheme://host[:port]");
      }
      return uri;
    } catch (URISyntaxException | NullPointerException e) {
      throw new InvalidOptionException(option, "not a URL: '" + text + "'");
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
