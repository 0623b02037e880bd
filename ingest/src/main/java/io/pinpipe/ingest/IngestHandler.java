package io.pinpipe.ingest;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: routes, authenticates, reads the body within the limit, hands the request
 * to the Kafka or Kinesis routes and writes their reply when the backend has answered, without
 * holding a thread while it waits. Every request is counted in {@link Metrics}.
 */
final class IngestHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);
  private static final String BEARER = "bearer ";

  private final IngestOptions options;
  private final KafkaRoutes kafka;
  private final KinesisRoutes kinesis;
  private final BackendHealth health;
  private final Metrics metrics;

  IngestHandler(
      IngestOptions options,
      KafkaRoutes kafka,
      KinesisRoutes kinesis,
      BackendHealth health,
      Metrics metrics) {
    this.options = options;
    this.kafka = kafka;
    this.kinesis = kinesis;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    RouteFamily family = RouteFamily.of(path);
    String[] parameter = new String[1];
    Route route = Route.match(method, path, parameter);
    String label = route == null ? "unmatched" : route.label();
    CompletableFuture<Reply> reply;
    try {
      reply =
          route == null
              ? CompletableFuture.completedFuture(noRoute(family, path, response))
              : dispatch(route, parameter[0], family, request);
    } catch (ApiException e) {
      reply = CompletableFuture.completedFuture(e.reply());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply =
          CompletableFuture.completedFuture(
              family.error(503, 50301, "ServiceUnavailable", "Shutting down"));
    } catch (Exception e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (ok, error) -> {
          Reply answer = ok != null ? ok : replyFor(error, family, label);
          metrics.request(label, answer.status(), System.nanoTime() - start);
          write(answer, request, response, callback);
        });
    return true;
  }

  private CompletableFuture<Reply> dispatch(
      Route route, String name, RouteFamily family, Request request) throws Exception {
    if (route == Route.HEALTH) {
      return CompletableFuture.completedFuture(health.check());
    }
    authenticate(request, family);
    return switch (route) {
      case METRICS -> CompletableFuture.completedFuture(Reply.json(200, metrics.snapshot()));
      case LIST_TOPICS -> CompletableFuture.completedFuture(kafka.listTopics());
      case PRODUCE -> {
        KafkaRoutes.checkContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        yield kafka.produce(name, body(request, family));
      }
      case LIST_STREAMS -> kinesis.listStreams();
      case DESCRIBE_STREAM -> kinesis.describeStream(name);
      case CREATE_STREAM -> kinesis.createStream(name, body(request, family));
      case DELETE_STREAM -> kinesis.deleteStream(name);
      case PUT_RECORD -> kinesis.putRecord(name, body(request, family));
      case PUT_RECORDS -> kinesis.putRecords(name, body(request, family));
      case HEALTH -> throw new IllegalStateException("answered above");
    };
  }

  private byte[] body(Request request, RouteFamily family) throws java.io.IOException {
    return RequestBody.read(request, options.maxRequestBytes(), family);
  }

  private void authenticate(Request request, RouteFamily family) {
    if (options.auth() == IngestOptions.Auth.NONE) {
      return;
    }
    String key = request.getHeaders().get("x-api-key");
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (key == null
        && authorization != null
        && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      key = authorization.substring(BEARER.length()).strip();
    }
    if (key == null) {
      throw new ApiException(
          family.error(
              401,
              40101,
              "MissingAuthenticationTokenException",
              "Missing API key: send Authorization: Bearer <key> or x-api-key: <key>"));
    }
    if (!options.apiKeys().accepts(key)) {
      throw new ApiException(
          family.error(401, 40101, "UnrecognizedClientException", "Invalid API key"));
    }
  }

  private static Reply noRoute(RouteFamily family, String path, Response response) {
    List<String> allowed = Route.methodsFor(path);
    if (allowed.isEmpty()) {
      return family.error(404, 404, "UnknownOperationException", "HTTP 404 Not Found");
    }
    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
    return family.error(
        405,
        405,
        "UnknownOperationException",
        "HTTP 405 Method Not Allowed (allowed: " + String.join(", ", allowed) + ")");
  }

  private static Reply replyFor(Throwable error, RouteFamily family, String label) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ApiException api) {
      return api.reply();
    }
    LOG.warn("{} failed", label, cause);
    return family.error(500, 50001, "InternalFailure", "Internal server error");
  }

  private static void write(Reply reply, Request request, Response response, Callback callback) {
    response.setStatus(reply.status());
    if (reply.status() >= 400 && request.getLength() != 0) {
      // An error may leave the request's body unread (a 401 is answered before it is read): Jetty
      // then
      // closes the connection after the reply, and a client reusing it would fail its next request.
      // Saying so lets every client open a new connection instead.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }
}
