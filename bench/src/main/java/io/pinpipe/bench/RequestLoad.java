package io.pinpipe.bench;

import io.pinpipe.transforms.analytics.Question;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients asking {@code serve} for answers at a steady total rate, round-robin over the nine
 * questions (JSON), while the speed layer runs beside it on the same cores: the request latency a
 * reader sees, measured at the client (connection kept alive, as a browser or a service would).
 * Paced rather than back to back: clients that ask as fast as they can would measure how much CPU
 * they take from the speed layer, not how fast an answer is.
 */
final class RequestLoad {
  private final URI serve;
  private final int clients;
  private final double requestsPerSecond;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final List<List<Long>> latencyMicros = new ArrayList<>();

  RequestLoad(URI serve, int clients, double requestsPerSecond) {
    this.serve = serve;
    this.clients = clients;
    this.requestsPerSecond = requestsPerSecond;
  }

  void start() {
    running.set(true);
    for (int c = 0; c < clients; c++) {
      List<Long> mine = new ArrayList<>();
      latencyMicros.add(mine);
      int offset = c;
      Thread thread = new Thread(() -> ask(mine, offset), "request-load-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  private void ask(List<Long> latencies, int offset) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Question[] questions = Question.values();
    long intervalNanos = (long) (1e9 * clients / requestsPerSecond);
    long next = System.nanoTime() + offset * intervalNanos / clients;
    for (long i = offset; running.get(); i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      next += intervalNanos;
      URI uri = serve.resolve("/answers/" + questions[(int) (i % questions.length)].id());
      long start = System.nanoTime();
      try {
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          failures.incrementAndGet();
          continue;
        }
      } catch (Exception e) {
        failures.incrementAndGet();
        continue;
      }
      synchronized (latencies) {
        latencies.add((System.nanoTime() - start) / 1000);
      }
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(15_000);
    }
  }

  long failures() {
    return failures.get();
  }

  /** Every answered request's latency in microseconds. */
  List<Long> latencyMicros() {
    List<Long> all = new ArrayList<>();
    for (List<Long> mine : latencyMicros) {
      synchronized (mine) {
        all.addAll(mine);
      }
    }
    return all;
  }
}
