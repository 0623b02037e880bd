package io.pinpipe.ingest;

import io.pinpipe.options.InvalidOptionException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * The Ingest API server: {@code POST /topics/{topic}} into Kafka and the {@code /streams} routes
 * into Kinesis (wire-formats §1–§2), behind API keys. Run it with {@code bin/pinpipe api
 * [--option=value ...]} or {@code java -jar ingest/target/pinpipe-ingest.jar}; {@code --help} lists
 * the options.
 *
 * <p>Stopping (SIGTERM, Ctrl-C, {@link #close()}) stops accepting connections, lets the requests in
 * flight finish, then flushes and closes the Kafka producer.
 */
public final class IngestApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);

  /** Batching window of the producer: long enough to share batches between concurrent requests. */
  private static final int LINGER_MS = 2;

  private final IngestOptions options;
  private final Server server;
  private final ServerConnector connector;
  private final Producer<byte[], byte[]> producer;
  private final Admin admin;
  private final KinesisAsyncClient kinesis;
  private boolean closed;

  private IngestApi(IngestOptions options) {
    this.options = options;
    Duration timeout = options.produceTimeout();
    producer =
        new KafkaProducer<>(
            producerConfig(options), new ByteArraySerializer(), new ByteArraySerializer());
    admin = Admin.create(adminConfig(options));
    kinesis = kinesisClient(options);

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("ingest");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    if (options.tlsKeystore() == null) {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    } else {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(options.tlsKeystore().toString());
      tls.setKeyStorePassword(options.tlsKeystorePassword());
      http.addCustomizer(new SecureRequestCustomizer());
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    }
    connector.setHost(options.bind());
    connector.setPort(options.port());
    server.addConnector(connector);

    Metrics metrics = new Metrics();
    Executor replies = threads;
    KafkaRoutes kafkaRoutes =
        new KafkaRoutes(
            producer,
            new TopicCatalog(admin, timeout),
            options.allowTopicAutoCreate(),
            metrics,
            replies);
    IngestHandler handler =
        new IngestHandler(
            options,
            kafkaRoutes,
            new KinesisRoutes(kinesis, metrics),
            new BackendHealth(admin, kinesis),
            metrics);
    // GracefulHandler makes stop() wait for requests in flight (up to the stop timeout).
    server.setHandler(new GracefulHandler(handler));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(timeout.toMillis() + 5_000);
  }

  /** Starts a server with these options; it listens when this returns. */
  public static IngestApi start(IngestOptions options) throws Exception {
    IngestApi api = new IngestApi(options);
    try {
      api.server.start();
    } catch (Exception e) {
      api.close();
      throw e;
    }
    LOG.info(
        "Ingest API listening on {} (auth={}{}, Kafka {}, Kinesis {})",
        api.uri(),
        options.auth().name().toLowerCase(),
        options.auth() == IngestOptions.Auth.KEYS
            ? ", " + options.apiKeys().size() + " key(s)"
            : "",
        options.kafkaBootstrap(),
        options.kinesisEndpoint() == null
            ? "AWS " + options.awsRegion()
            : options.kinesisEndpoint());
    return api;
  }

  /** The port the server listens on (the real one when {@code --port=0}). */
  public int port() {
    return connector.getLocalPort();
  }

  public URI uri() {
    return URI.create(
        (options.tlsKeystore() == null ? "http" : "https")
            + "://"
            + (options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind())
            + ":"
            + port());
  }

  /** Blocks until the server has stopped. */
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
    // Requests have finished; close() flushes whatever the producer still holds.
    producer.close(options.produceTimeout());
    admin.close(Duration.ofSeconds(2));
    kinesis.close();
    LOG.info("Ingest API stopped");
  }

  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(IngestOptions.USAGE);
        return;
      }
    }
    IngestOptions options;
    try {
      options = IngestOptions.parse(args, Map.copyOf(System.getenv()));
    } catch (InvalidOptionException e) {
      System.err.println("pinpipe api: " + e.getMessage());
      System.exit(2);
      return;
    }
    IngestApi api;
    try {
      api = start(options);
    } catch (Exception e) {
      // A busy port or an unresolvable bootstrap address: one line, not a stack trace.
      String cause =
          e.getCause() == null || e.getCause().getMessage() == null
              ? ""
              : ": " + e.getCause().getMessage();
      System.err.println("pinpipe api: cannot start: " + e.getMessage() + cause);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "ingest-shutdown"));
    api.join();
  }

  private static Properties producerConfig(IngestOptions options) {
    long timeoutMs = options.produceTimeout().toMillis();
    // Security settings from --kafkaPropertiesFile first; the settings the API's guarantees rest on
    // win.
    Properties config = options.kafkaProperties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "pinpipe-ingest");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    // The producer gives up when the request would: a record fails rather than lands after a 503.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeoutMs - LINGER_MS));
    return config;
  }

  private static Properties adminConfig(IngestOptions options) {
    int timeoutMs = (int) options.produceTimeout().toMillis();
    Properties config = options.kafkaProperties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pinpipe-ingest-admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    return config;
  }

  private static KinesisAsyncClient kinesisClient(IngestOptions options) {
    KinesisAsyncClientBuilder builder =
        KinesisAsyncClient.builder()
            .region(Region.of(options.awsRegion()))
            // HTTP/1.1: the async Kinesis client defaults to HTTP/2, which a plain-HTTP endpoint
            // (kinesis-mock) does not speak.
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .protocol(Protocol.HTTP1_1)
                    .maxConcurrency(256)
                    .connectionAcquisitionTimeout(options.produceTimeout()))
            .overrideConfiguration(c -> c.apiCallTimeout(options.produceTimeout()));
    if (options.kinesisEndpoint() != null) {
      builder.endpointOverride(options.kinesisEndpoint());
    }
    return builder.build();
  }
}
