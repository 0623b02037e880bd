package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.options.InvalidOptionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS is an option ({@code --tlsKeystore}), and secrets stay out of the output: the API keys, a
 * wrong key a client tried and the keystore password never appear in what the server prints while
 * it starts, serves and stops.
 */
class TlsAndSecretsTest {
  private static final String KEY = "sk-live-5ecret-key-0123456789";
  private static final String WRONG_KEY = "sk-guess-9876543210-wrong";
  private static final String KEYSTORE_PASSWORD = "keystore-pa55word-xyz";

  @TempDir Path work;

  @Test
  void servesHttpsWithTheGivenKeystoreAndPrintsNoSecret() throws Exception {
    LocalStack.up();
    Path keystore = selfSignedKeystore();
    String topic = Backends.unique("tls");
    Backends.createTopic(topic, 1);

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try (IngestApi api =
        IngestApi.start(LocalStack.options(KEY).withTls(keystore, KEYSTORE_PASSWORD))) {
      assertEquals("https", api.uri().getScheme());
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      HttpResponse<String> topics =
          https.send(
              HttpRequest.newBuilder(api.uri().resolve("/topics")).header("x-api-key", KEY).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, topics.statusCode(), topics.body());
      assertTrue(topics.body().contains(topic), topics.body());

      HttpResponse<String> produced =
          https.send(produce(api.uri(), topic, KEY), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, produced.statusCode(), produced.body());
      HttpResponse<String> refused =
          https.send(produce(api.uri(), topic, WRONG_KEY), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode(), refused.body());
      assertFalse(refused.body().contains(WRONG_KEY), "the error body does not echo the key");

      URI plain = URI.create("http://127.0.0.1:" + api.port() + "/health");
      assertThrows(
          IOException.class,
          () ->
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString()),
          "no plain HTTP on the HTTPS port");
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals(1, Backends.readTopic(topic, 1).size(), "the authorised record only");
    String output = printed.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("Ingest API listening on https://"), output);
    for (String secret : List.of(KEY, WRONG_KEY, KEYSTORE_PASSWORD)) {
      assertFalse(output.contains(secret), "printed output holds a secret: " + output);
    }
  }

  @Test
  void aKeystoreWithoutAPasswordIsRefusedNamingTheOption() throws Exception {
    Path keystore = Files.writeString(work.resolve("ks.p12"), "not read");
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () ->
                IngestOptions.parse(
                    new String[] {"--auth=none", "--tlsKeystore=" + keystore}, Map.of()));
    assertTrue(e.getMessage().startsWith("--tlsKeystore:"), e.getMessage());
    InvalidOptionException missing =
        assertThrows(
            InvalidOptionException.class,
            () ->
                IngestOptions.parse(
                    new String[] {
                      "--auth=none", "--kafkaPropertiesFile=" + work.resolve("none.properties")
                    },
                    Map.of()));
    assertTrue(missing.getMessage().startsWith("--kafkaPropertiesFile:"), missing.getMessage());
  }

  @Test
  void kafkaClientSettingsComeFromThePropertiesFile() throws Exception {
    Path file =
        Files.writeString(
            work.resolve("kafka.properties"),
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.location=/etc/kafka/truststore.p12\n");
    IngestOptions options =
        IngestOptions.parse(
            new String[] {"--auth=none", "--kafkaPropertiesFile=" + file}, Map.of());
    assertEquals("SASL_SSL", options.kafkaProperties().getProperty("security.protocol"));
    assertEquals("SCRAM-SHA-512", options.kafkaProperties().getProperty("sasl.mechanism"));
  }

  private static HttpRequest produce(URI base, String topic, String key) {
    return HttpRequest.newBuilder(base.resolve("/topics/" + topic))
        .header("Content-Type", "application/vnd.kafka.json.v2+json")
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":{\"ind\":1}}]}"))
        .build();
  }

  /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
  private Path selfSignedKeystore() throws Exception {
    Path keystore = work.resolve("api.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "api",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                KEYSTORE_PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    return keystore;
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, KEYSTORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
