package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many concurrent bad requests, and clients that trickle their bodies, do not stop the API from
 * serving good requests: each bad request gets its status, every good one its 200.
 */
class HostileTrafficTest {
  private static final String KEY = "hostile-traffic-key";
  private static final int BAD_REQUESTS = 400;
  private static final int GOOD_REQUESTS = 60;
  private static final int SLOW_CLIENTS = 40;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void badAndSlowClientsDoNotStarveGoodOnes() throws Exception {
    LocalStack.up();
    String topic = Backends.unique("hostile");
    Backends.createTopic(topic, 1);
    try (IngestApi api = IngestApi.start(LocalStack.options(KEY).withMaxRequestBytes(64 * 1024))) {
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        // A declared body that never fully arrives holds a connection open, not the server.
        Socket socket = new Socket("127.0.0.1", api.port());
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /topics/"
                    + topic
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + KEY
                    + "\r\nContent-Type: "
                    + Http.KAFKA_JSON
                    + "\r\nContent-Length: 60000\r\n\r\n{\"records\":[")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(socket);
      }

      Http http = new Http(api.uri());
      String good = "{\"records\":[{\"value\":{\"ind\":1}}]}";
      String oversize = "{\"records\":[{\"value\":\"" + "x".repeat(70 * 1024) + "\"}]}";
      Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(24);
      List<Future<?>> bad = new ArrayList<>();
      for (int i = 0; i < BAD_REQUESTS; i++) {
        int kind = i % 5;
        bad.add(
            clients.submit(
                () -> {
                  HttpResponse<String> response =
                      switch (kind) {
                        case 0 ->
                            http.send(
                                "POST", "/topics/" + topic, good, "Content-Type", Http.KAFKA_JSON);
                        case 1 ->
                            http.send(
                                "POST",
                                "/topics/" + topic,
                                "{\"records\": [",
                                "Content-Type",
                                Http.KAFKA_JSON,
                                "x-api-key",
                                KEY);
                        case 2 ->
                            http.send(
                                "POST",
                                "/topics/" + topic,
                                oversize,
                                "Content-Type",
                                Http.KAFKA_JSON,
                                "x-api-key",
                                KEY);
                        case 3 -> http.send("GET", "/no/such/route", null, "x-api-key", KEY);
                        default ->
                            http.send(
                                "POST",
                                "/topics/" + topic,
                                good,
                                "Content-Type",
                                "text/plain",
                                "x-api-key",
                                KEY);
                      };
                  statuses
                      .computeIfAbsent(kind + ":" + response.statusCode(), k -> new AtomicInteger())
                      .incrementAndGet();
                  return null;
                }));
      }
      List<Future<HttpResponse<String>>> goods = new ArrayList<>();
      for (int i = 0; i < GOOD_REQUESTS; i++) {
        goods.add(
            clients.submit(
                () ->
                    http.send(
                        "POST",
                        "/topics/" + topic,
                        good,
                        "Content-Type",
                        Http.KAFKA_JSON,
                        "x-api-key",
                        KEY)));
      }
      for (Future<?> f : bad) {
        f.get(2, TimeUnit.MINUTES);
      }
      for (Future<HttpResponse<String>> f : goods) {
        HttpResponse<String> response = f.get(2, TimeUnit.MINUTES);
        assertEquals(200, response.statusCode(), response.body());
      }
      clients.shutdown();
      int each = BAD_REQUESTS / 5;
      assertEquals(
          Map.of("0:401", each, "1:422", each, "2:413", each, "3:404", each, "4:415", each),
          statuses.entrySet().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())),
          "every bad request got its own status");
      for (Socket socket : slow) {
        socket.close();
      }
    }
    assertEquals(
        GOOD_REQUESTS,
        Backends.readTopic(topic, GOOD_REQUESTS).size(),
        "every good record once, no bad one");
  }
}
