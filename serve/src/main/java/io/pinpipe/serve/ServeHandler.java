package io.pinpipe.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.ingest.ApiKeys;
import io.pinpipe.ingest.LatencyReservoir;
import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The routes of {@code serve}; every answer comes from the {@link Served} of the moment, already
 * rendered, so a request costs a lookup and a write whatever the size of the tables.
 *
 * <ul>
 *   <li>{@code GET /health}: {@link Health} as JSON, no key (200 ok or degraded, 503 unavailable);
 *   <li>{@code GET /answers}: the questions; {@code GET /answers/{id}}: one answer, JSON, or CSV
 *       with {@code Accept: text/csv};
 *   <li>{@code GET /}: the live page; {@code GET /metrics}: requests, latency, rows held, heap.
 * </ul>
 *
 * Errors are JSON, {@code {"error_code": <status * 100 + n>, "message": "..."}}, as the Ingest
 * API's.
 */
final class ServeHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";
  private static final String CSV_TYPE = "text/csv; charset=utf-8";
  private static final String HTML_TYPE = "text/html; charset=utf-8";

  /** The live page runs no script and loads nothing; the browser enforces it too. */
  private static final String PAGE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

  private final ServingLayer layer;
  private final @Nullable ApiKeys keys;
  private final Map<String, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
  private final LatencyReservoir latency = new LatencyReservoir();

  /** {@code keys} null: no authentication ({@code --auth=none}). */
  ServeHandler(ServingLayer layer, @Nullable ApiKeys keys) {
    this.layer = layer;
    this.keys = keys;
  }

  private record Reply(int status, String type, byte[] body, Map<String, String> headers) {
    static Reply of(int status, String type, byte[] body) {
      return new Reply(status, type, body, Map.of());
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    String route = route(path);
    Reply reply;
    try {
      reply = answer(request, path, route);
    } catch (RuntimeException e) {
      reply = error(500, 1, "Internal server error");
    }
    requests
        .computeIfAbsent(route, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(reply.status(), s -> new LongAdder())
        .increment();
    latency.record(System.nanoTime() - start);
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.type());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  private Reply answer(Request request, String path, String route) {
    if (route.equals("unmatched")) {
      return error(
          404,
          1,
          "No such resource: " + path + " (try /, /answers, /answers/{id}, /health, /metrics)");
    }
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      Reply refused = error(405, 1, "Only GET is served here");
      return new Reply(405, refused.type(), refused.body(), Map.of("Allow", "GET, HEAD"));
    }
    if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      return error(413, 1, "A GET request carries no body");
    }
    if (route.equals("health")) {
      Health health = layer.health();
      return Reply.of(
          health.status().equals("unavailable") ? 503 : 200, JSON_TYPE, json(healthJson(health)));
    }
    Reply refused = authenticate(request, route);
    if (refused != null) {
      return refused;
    }
    if (route.equals("metrics")) {
      return Reply.of(200, JSON_TYPE, json(metrics()));
    }
    Served served = layer.served();
    if (served == null) {
      Health health = layer.health();
      return error(503, 1, "No answers yet: " + health.lastError());
    }
    return switch (route) {
      case "page" ->
          new Reply(200, HTML_TYPE, served.page(), Map.of("Content-Security-Policy", PAGE_POLICY));
      case "list" -> Reply.of(200, JSON_TYPE, json(list(served)));
      default -> oneAnswer(request, path.substring("/answers/".length()), served);
    };
  }

  private Reply oneAnswer(Request request, String id, Served served) {
    byte[] json = served.json().get(id);
    if (json == null) {
      return error(
          404,
          2,
          "Unknown question '"
              + id
              + "': expected one of "
              + String.join(", ", served.json().keySet()));
    }
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    return switch (representation(accept)) {
      case "csv" -> Reply.of(200, CSV_TYPE, served.csv().get(id));
      case "json" -> Reply.of(200, JSON_TYPE, json);
      default ->
          error(406, 1, "Cannot answer in '" + accept + "': ask for application/json or text/csv");
    };
  }

  /** json, csv, or none, from an Accept header (absent or a wildcard: json). */
  static String representation(@Nullable String accept) {
    if (accept == null || accept.isBlank()) {
      return "json";
    }
    String best = "none";
    for (String part : accept.split(",")) {
      String[] parameters = part.split(";");
      String type = parameters[0].strip().toLowerCase(Locale.ROOT);
      if (refused(parameters)) {
        continue;
      }
      if (type.equals("text/csv")) {
        return "csv";
      }
      if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
        best = "json";
      }
    }
    return best;
  }

  /** A media range with {@code q=0} is one the client does not accept. */
  private static boolean refused(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].strip();
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2)) == 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  private @Nullable Reply authenticate(Request request, String route) {
    if (keys == null) {
      return null;
    }
    String key = request.getHeaders().get("x-api-key");
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (key == null && authorization != null) {
      String lower = authorization.toLowerCase(Locale.ROOT);
      if (lower.startsWith("bearer ")) {
        key = authorization.substring("bearer ".length()).strip();
      } else if (lower.startsWith("basic ")) {
        key = basicPassword(authorization.substring("basic ".length()).strip());
      }
    }
    if (key != null && keys.accepts(key)) {
      return null;
    }
    Reply refused =
        error(
            401,
            1,
            key == null
                ? "Missing API key: send Authorization: Bearer <key> or x-api-key: <key> (a browser: any user name, the key as password)"
                : "Invalid API key");
    // A browser asks for the key itself when the page is refused this way.
    return route.equals("page")
        ? new Reply(
            401,
            refused.type(),
            refused.body(),
            Map.of("WWW-Authenticate", "Basic realm=\"pinpipe serve\", charset=\"UTF-8\""))
        : refused;
  }

  private static @Nullable String basicPassword(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static String route(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return "page";
    }
    if (path.equals("/health")) {
      return "health";
    }
    if (path.equals("/metrics")) {
      return "metrics";
    }
    if (path.equals("/answers") || path.equals("/answers/")) {
      return "list";
    }
    if (path.startsWith("/answers/") && path.indexOf('/', "/answers/".length()) < 0) {
      return "answer";
    }
    return "unmatched";
  }

  private static ObjectNode healthJson(Health health) {
    ObjectNode node = JSON.createObjectNode();
    node.put("status", health.status());
    node.put("checked_at", health.checkedAt().toString());
    node.put("answers_from", health.answersFrom() == null ? null : health.answersFrom().toString());
    node.put("consecutive_failures", health.consecutiveFailures());
    node.put("last_error", health.lastError());
    return node;
  }

  private static ObjectNode list(Served served) {
    ObjectNode node = JSON.createObjectNode();
    node.put("batch_run", served.batchRun());
    ArrayNode answers = node.putArray("answers");
    for (AnalyticsAnswer answer : served.answers()) {
      answers
          .addObject()
          .put("id", answer.id)
          .put("question", answer.question)
          .put("href", "/answers/" + answer.id);
    }
    return node;
  }

  private ObjectNode metrics() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode byRoute = root.putObject("requests");
    new TreeMap<>(requests)
        .forEach(
            (route, statuses) -> {
              ObjectNode counts = byRoute.putObject(route);
              new TreeMap<>(statuses)
                  .forEach((status, n) -> counts.put(String.valueOf(status), n.sum()));
            });
    latency.describe(root.putObject("latencyMs"));
    Served served = layer.served();
    root.set("view", served == null ? JSON.createObjectNode() : served.figures());
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    root.putObject("jvm").put("heapUsedBytes", used);
    return root;
  }

  private static Reply error(int status, int n, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error_code", status * 100 + n);
    node.put("message", message);
    return Reply.of(status, JSON_TYPE, json(node));
  }

  private static byte[] json(ObjectNode node) {
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
