package io.pinpipe.emulator;

import io.pinpipe.transforms.model.Table;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Rows through the Ingest API, one record per request like the original clients (wire-formats.md):
 * the Kafka REST Proxy route {@code POST /topics/<prefix>.<table>} or the Kinesis proxy route
 * {@code PUT /streams/streaming-<prefix>-<table>/record}. A row counts as sent only on a 200.
 */
final class IngestApiSink implements EventSink {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final ApiRoutes routes;
  private final String prefix;
  private final @Nullable String apiKey;

  IngestApiSink(URI base, ApiRoutes routes, String prefix, @Nullable String apiKey) {
    this.base = base;
    this.routes = routes;
    this.prefix = prefix;
    this.apiKey = apiKey;
  }

  @Override
  public CompletableFuture<Void> send(Table table, String key, String rowJson) {
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30));
    if (routes == ApiRoutes.KAFKA) {
      request
          .uri(base.resolve("/topics/" + table.topic(prefix)))
          .header("Content-Type", "application/vnd.kafka.json.v2+json")
          .POST(
              HttpRequest.BodyPublishers.ofString(
                  "{\"records\":[{\"value\":" + rowJson + "}]}", StandardCharsets.UTF_8));
    } else {
      String stream = table.stream(prefix);
      request
          .uri(base.resolve("/streams/" + stream + "/record"))
          .header("Content-Type", "application/json")
          .PUT(
              HttpRequest.BodyPublishers.ofString(
                  "{\"StreamName\":\""
                      + stream
                      + "\",\"Data\":"
                      + rowJson
                      + ",\"PartitionKey\":\""
                      + key
                      + "\"}",
                  StandardCharsets.UTF_8));
    }
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new CompletionException(
                    new IllegalStateException(
                        "HTTP "
                            + response.statusCode()
                            + " from "
                            + response.uri().getPath()
                            + ": "
                            + response.body()));
              }
              return null;
            });
  }

  @Override
  public String describe() {
    return "api " + base + " (" + routes.name().toLowerCase(java.util.Locale.ROOT) + " routes)";
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads are daemons.
  }
}
