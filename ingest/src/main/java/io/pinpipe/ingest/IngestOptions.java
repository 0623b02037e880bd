package io.pinpipe.ingest;

import io.pinpipe.options.Durations;
import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.options.KafkaPropertiesFile;
import io.pinpipe.options.SecretFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The options of the Ingest API, parsed from {@code --name=value} arguments. Every option has a
 * default except the API keys, which {@code --auth=keys} (the default) requires.
 */
public final class IngestOptions {
  /** Where the keys come from when {@code --apiKeysFile} is not given: comma-separated. */
  public static final String API_KEYS_ENV = "PINPIPE_API_KEYS";

  /** Where the keystore password comes from when {@code --tlsKeystorePasswordFile} is not given. */
  public static final String TLS_PASSWORD_ENV = "PINPIPE_TLS_KEYSTORE_PASSWORD";

  static final String USAGE =
      String.join(
          "\n",
          "pinpipe api [options]",
          "  --port=8082                     TCP port (0: any free port)",
          "  --bind=127.0.0.1                address to listen on",
          "  --kafkaBootstrap=127.0.0.1:19092",
          "  --kinesisEndpoint=URL           Kinesis endpoint override (e.g. http://127.0.0.1:4568); default: AWS",
          "  --awsRegion=us-east-1           default: $AWS_REGION, else us-east-1",
          "  --auth=keys|none                keys: Authorization: Bearer <key> or x-api-key: <key>",
          "  --apiKeysFile=FILE              one key per line ('#' comments); default: $"
              + API_KEYS_ENV
              + " (comma-separated)",
          "  --maxRequestBytes=1048576       larger bodies get 413",
          "  --produceTimeout=10s            how long a request waits for Kafka/Kinesis before 503 (ms, s or m)",
          "  --allowTopicAutoCreate=false    true: produce to unknown topics (the broker may create them)",
          "  --tlsKeystore=FILE              serve HTTPS with this PKCS12/JKS keystore (default: plain HTTP, for loopback)",
          "  --tlsKeystorePasswordFile=FILE  its password (first line); default: $"
              + TLS_PASSWORD_ENV,
          "  --kafkaPropertiesFile=FILE      Kafka client settings (security.protocol, sasl.*, ssl.*) for TLS/SASL brokers");

  public enum Auth {
    KEYS,
    NONE
  }

  private int port = 8082;
  private String bind = "127.0.0.1";
  private String kafkaBootstrap = "127.0.0.1:19092";
  private URI kinesisEndpoint;
  private String awsRegion;
  private Auth auth = Auth.KEYS;
  private ApiKeys apiKeys = ApiKeys.none();
  private int maxRequestBytes = 1 << 20;
  private Duration produceTimeout = Duration.ofSeconds(10);
  private boolean allowTopicAutoCreate;
  private Path tlsKeystore;
  private String tlsKeystorePassword;
  private Properties kafkaProperties = new Properties();

  private IngestOptions() {}

  /** Parses {@code args}; {@code env} supplies {@value #API_KEYS_ENV} and {@code AWS_REGION}. */
  public static IngestOptions parse(String[] args, Map<String, String> env) {
    IngestOptions options = new IngestOptions();
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new InvalidOptionException(
            arg.replaceFirst("^--", ""), "expected --name=value (see --help)");
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (given.put(name, arg.substring(arg.indexOf('=') + 1)) != null) {
        throw new InvalidOptionException(name, "given twice");
      }
    }
    String keysFile = null;
    for (Map.Entry<String, String> option : given.entrySet()) {
      String name = option.getKey();
      String value = option.getValue();
      switch (name) {
        case "port" -> options.port = intIn(name, value, 0, 65535);
        case "bind" -> options.bind = nonBlank(name, value);
        case "kafkaBootstrap" -> options.kafkaBootstrap = nonBlank(name, value);
        case "kinesisEndpoint" -> options.kinesisEndpoint = uri(name, value);
        case "awsRegion" -> options.awsRegion = nonBlank(name, value);
        case "auth" ->
            options.auth =
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "keys" -> Auth.KEYS;
                  case "none" -> Auth.NONE;
                  default ->
                      throw new InvalidOptionException(
                          "auth", "expected keys or none, got '" + value + "'");
                };
        case "apiKeysFile" -> keysFile = nonBlank(name, value);
        case "maxRequestBytes" ->
            options.maxRequestBytes = intIn(name, value, 1, Integer.MAX_VALUE - 1);
        // Kafka needs room for its request timeout inside the delivery timeout.
        case "produceTimeout" ->
            options.produceTimeout = Durations.parse(name, value, Duration.ofMillis(100));
        case "allowTopicAutoCreate" -> options.allowTopicAutoCreate = bool(name, value);
        case "tlsKeystore" -> options.tlsKeystore = readableFile(name, value);
        case "tlsKeystorePasswordFile" ->
            options.tlsKeystorePassword = SecretFiles.firstLine(name, nonBlank(name, value));
        case "kafkaPropertiesFile" ->
            options.kafkaProperties = KafkaPropertiesFile.load(name, nonBlank(name, value));
        default -> throw new InvalidOptionException(name, "unknown option (see --help)");
      }
    }
    if (options.awsRegion == null) {
      String region = env.get("AWS_REGION");
      options.awsRegion = region == null || region.isBlank() ? "us-east-1" : region;
    }
    if (keysFile != null) {
      options.apiKeys = ApiKeys.fromFile(Path.of(keysFile));
    } else if (env.get(API_KEYS_ENV) != null) {
      options.apiKeys = ApiKeys.fromList(env.get(API_KEYS_ENV));
    }
    if (options.tlsKeystore != null && options.tlsKeystorePassword == null) {
      String password = env.get(TLS_PASSWORD_ENV);
      if (password == null) {
        throw new InvalidOptionException(
            "tlsKeystore",
            "no keystore password; pass --tlsKeystorePasswordFile=FILE or set " + TLS_PASSWORD_ENV);
      }
      options.tlsKeystorePassword = password;
    } else if (options.tlsKeystore == null && options.tlsKeystorePassword != null) {
      throw new InvalidOptionException("tlsKeystorePasswordFile", "given without --tlsKeystore");
    }
    if (options.auth == Auth.KEYS && options.apiKeys.isEmpty()) {
      throw new InvalidOptionException(
          "auth=keys",
          "no API keys configured; pass --apiKeysFile=FILE or set "
              + API_KEYS_ENV
              + "=key1,key2 (or --auth=none on a trusted network)");
    }
    return options;
  }

  /** Options for tests and the benchmark: the given bootstrap and endpoint, any free port. */
  public static IngestOptions forLocal(String kafkaBootstrap, URI kinesisEndpoint, ApiKeys keys) {
    IngestOptions options = new IngestOptions();
    options.port = 0;
    options.kafkaBootstrap = kafkaBootstrap;
    options.kinesisEndpoint = kinesisEndpoint;
    options.awsRegion = "us-east-1";
    options.apiKeys = keys;
    options.auth = keys.isEmpty() ? Auth.NONE : Auth.KEYS;
    return options;
  }

  public IngestOptions withMaxRequestBytes(int bytes) {
    maxRequestBytes = bytes;
    return this;
  }

  /** Serve HTTPS with {@code keystore}, as {@code --tlsKeystore} does. */
  public IngestOptions withTls(Path keystore, String password) {
    tlsKeystore = keystore;
    tlsKeystorePassword = password;
    return this;
  }

  public IngestOptions withProduceTimeout(Duration timeout) {
    produceTimeout = timeout;
    return this;
  }

  public int port() {
    return port;
  }

  public String bind() {
    return bind;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** The Kinesis endpoint override, or null for the AWS endpoint of the region. */
  public URI kinesisEndpoint() {
    return kinesisEndpoint;
  }

  public String awsRegion() {
    return awsRegion;
  }

  public Auth auth() {
    return auth;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  public Duration produceTimeout() {
    return produceTimeout;
  }

  public boolean allowTopicAutoCreate() {
    return allowTopicAutoCreate;
  }

  /** The HTTPS keystore, or null for plain HTTP. */
  public Path tlsKeystore() {
    return tlsKeystore;
  }

  String tlsKeystorePassword() {
    return tlsKeystorePassword;
  }

  /** Kafka client settings from {@code --kafkaPropertiesFile} (a copy). */
  public Properties kafkaProperties() {
    Properties copy = new Properties();
    copy.putAll(kafkaProperties);
    return copy;
  }

  private static String nonBlank(String name, String value) {
    if (value.isBlank()) {
      throw new InvalidOptionException(name, "must not be empty");
    }
    return value;
  }

  private static Path readableFile(String name, String value) {
    Path path = Path.of(nonBlank(name, value));
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new InvalidOptionException(name, "no readable file " + value);
    }
    return path;
  }

  private static int intIn(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new InvalidOptionException(
        name, "expected a whole number " + min + ".." + max + ", got '" + value + "'");
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new InvalidOptionException(name, "expected true or false, got '" + value + "'");
    };
  }

  private static URI uri(String name, String value) {
    try {
      URI uri = URI.create(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidOptionException(
        name, "expected an http(s) URL such as http://127.0.0.1:4568, got '" + value + "'");
  }
}
