package io.pinpipe.serve;

import io.pinpipe.ingest.ApiKeys;
import io.pinpipe.ingest.IngestOptions;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.io.Lake;
import io.pinpipe.pipelines.options.DurationOption;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/pinpipe serve}: the serving layer over HTTP. It answers the nine questions over the
 * newest batch views merged with the speed layer ({@link ServingLayer}), follows the tables every
 * {@code --refresh}, and stops gracefully (SIGTERM, Ctrl-C, {@link #close}): no new connections,
 * the requests in flight answered, then the refresher stopped.
 *
 * <pre>
 * PINPIPE_API_KEYS=secret bin/pinpipe serve --input=/data/lake
 * curl -H 'x-api-key: secret' http://127.0.0.1:8083/answers/q1
 * </pre>
 */
public final class ServeApi implements AutoCloseable {
  public static final String NAME = "serve";
  private static final Logger LOG = LoggerFactory.getLogger(ServeApi.class);

  /** Request line and headers together; a GET needs no more. */
  private static final int MAX_HEADER_BYTES = 8 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final ServingLayer layer;
  private final ScheduledExecutorService refresher;
  private boolean closed;

  private ServeApi(
      ServeOptions options, ServingLayer layer, @Nullable ApiKeys keys, long refreshMillis) {
    this.layer = layer;
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("serve");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(options.getBind());
    connector.setPort(options.getPort());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new ServeHandler(layer, keys)));
    server.setStopTimeout(10_000);
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "serve-refresh");
              thread.setDaemon(true);
              return thread;
            });
    refresher.scheduleWithFixedDelay(layer::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
  }

  /** Checks the options, starts the refresher and the server; it listens when this returns. */
  public static ServeApi start(ServeOptions options) throws Exception {
    return start(options, System.getenv(IngestOptions.API_KEYS_ENV));
  }

  static ServeApi start(ServeOptions options, @Nullable String keysFromEnvironment)
      throws Exception {
    ApiKeys keys = keys(options, keysFromEnvironment);
    if (options.getPort() == null || options.getPort() < 0 || options.getPort() > 65535) {
      throw new InvalidOptionException("port", "expected 0..65535, got " + options.getPort());
    }
    long refreshMillis = DurationOption.parse("refresh", options.getRefresh(), false).getMillis();
    if (options.getPageRefreshSeconds() == null || options.getPageRefreshSeconds() < 1) {
      throw new InvalidOptionException(
          "pageRefreshSeconds", "expected a whole number of seconds, 1 or more");
    }
    String root =
        InvalidOptionException.required(
            "input",
            options.getInput(),
            "the lake root the tables were written under (clean's --output), or give --warehouse or --catalogUri");
    Lake lake = Lake.from(options, "input", root);
    ServingLayer layer =
        new ServingLayer(
            new LakeFeed(lake.catalog, lake.tables),
            options.getPageRefreshSeconds(),
            Clock.systemUTC());
    ServeApi api = new ServeApi(options, layer, keys, refreshMillis);
    try {
      api.server.start();
    } catch (Exception e) {
      api.close();
      throw e;
    }
    LOG.info(
        "pinpipe serve listening on {} (auth={}), answering from {}",
        api.uri(),
        keys == null ? "none" : "keys",
        lake.catalog);
    return api;
  }

  private static @Nullable ApiKeys keys(ServeOptions options, @Nullable String fromEnvironment)
      throws UnknownHostException {
    String auth = String.valueOf(options.getAuth()).toLowerCase(Locale.ROOT);
    if (auth.equals("none")) {
      if (!InetAddress.getByName(options.getBind()).isLoopbackAddress()) {
        throw new InvalidOptionException(
            "auth", "none is allowed on a loopback --bind only, not " + options.getBind());
      }
      return null;
    }
    if (!auth.equals("keys")) {
      throw new InvalidOptionException(
          "auth", "expected keys or none, got '" + options.getAuth() + "'");
    }
    ApiKeys keys;
    keys =
        options.getApiKeysFile() != null
            ? ApiKeys.fromFile(Path.of(options.getApiKeysFile()))
            : ApiKeys.fromList(fromEnvironment == null ? "" : fromEnvironment);
    if (keys.isEmpty()) {
      throw new InvalidOptionException(
          options.getApiKeysFile() != null ? "apiKeysFile" : "auth",
          "no API keys: set "
              + IngestOptions.API_KEYS_ENV
              + " (comma-separated) or --apiKeysFile, or --auth=none on loopback");
    }
    return keys;
  }

  public int port() {
    return connector.getLocalPort();
  }

  public URI uri() {
    String host = bracketed(connector.getHost());
    return URI.create("http://" + host + ":" + port());
  }

  private static String bracketed(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  ServingLayer layer() {
    return layer;
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server failed", e);
    }
    refresher.shutdownNow();
    try {
      refresher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    layer.close();
    LOG.info("pinpipe serve stopped");
  }

  public static void main(String[] args) {
    Cli.main(NAME, args, ServeOptions.class, ServeApi::serveUntilStopped);
  }

  private static void serveUntilStopped(ServeOptions options) {
    ServeApi api;
    try {
      api = start(options);
    } catch (InvalidOptionException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start: " + e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "serve-shutdown"));
    try {
      api.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
