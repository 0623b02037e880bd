package io.pinpipe.ingest.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Load benchmark of the Ingest API (not a test): starts the shaded jar as its own process against
 * the stack's real Kafka, drives it with N concurrent keep-alive HTTP connections posting
 * single-record and 100-record requests, and prints one line per scenario: records/s, p50/p99
 * latency, the API's peak heap and RSS. Run it with {@code bin/pinpipe-bench-api [--clients=4,16]
 * [--seconds=15]}.
 */
public final class IngestBench {
  /** A pin row of the data model, about 600 bytes: the size the real clients send. */
  private static final String PIN =
      "{\"index\":7528,\"unique_id\":\"fbe53c66-3442-4773-b19e-d3ec6f54dddf\","
          + "\"title\":\"No Title Data Available\",\"description\":\"No description available Story format\","
          + "\"poster_name\":\"User Info Error\",\"follower_count\":\"124k\",\"tag_list\":\"N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e\","
          + "\"is_image_or_video\":\"multi-video(story page format)\",\"image_src\":\"Image src error.\",\"downloaded\":0,"
          + "\"save_location\":\"Local save in /data/mens-fashion\",\"category\":\"mens-fashion\","
          + "\"note\":\"padding to a realistic size: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\"}";

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        new java.util.HashMap<>(
            Map.of(
                "jar",
                "ingest/target/pinpipe-ingest.jar",
                "kafkaBootstrap",
                "127.0.0.1:19092",
                "clients",
                "4,16",
                "seconds",
                "15",
                "warmup",
                "5",
                "apiHeap",
                "512m",
                "partitions",
                "3"));
    for (String arg : args) {
      if (!arg.startsWith("--")
          || !arg.contains("=")
          || !options.containsKey(arg.substring(2, arg.indexOf('=')))) {
        System.err.println(
            "pinpipe-bench-api: "
                + arg
                + ": unknown option (known: "
                + new java.util.TreeSet<>(options.keySet())
                + ")");
        System.exit(2);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int[] clientCounts =
        Arrays.stream(options.get("clients").split(",")).mapToInt(Integer::parseInt).toArray();
    Duration measure = Duration.ofSeconds(Long.parseLong(options.get("seconds")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.get("warmup")));
    String topic = "ingest-bench-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", options.get("kafkaBootstrap")))) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, Integer.parseInt(options.get("partitions")), (short) 1)))
          .all()
          .get();
    }

    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = Files.createTempFile("pinpipe-bench-api-", ".log");
    Process api =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.get("apiHeap"),
                "-jar",
                options.get("jar"),
                "--auth=none",
                "--port=" + port,
                "--kafkaBootstrap=" + options.get("kafkaBootstrap"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      awaitUp(http, base, api, log);
      System.out.printf(
          "# %s, API pid %d (-Xmx%s), clients %s, %d s per measurement after %d s warm-up, topic %s (%s partitions), %d cores%n",
          java.time.Instant.now(),
          api.pid(),
          options.get("apiHeap"),
          options.get("clients"),
          measure.toSeconds(),
          warmup.toSeconds(),
          topic,
          options.get("partitions"),
          Runtime.getRuntime().availableProcessors());
      for (int records : new int[] {1, 100}) {
        for (int clients : clientCounts) {
          String body = body(records);
          run(
              http, base, topic, body, records, clients,
              warmup); // warm-up: JIT, connections, producer batches
          Result result = run(http, base, topic, body, records, clients, measure);
          System.out.printf(
              "scenario=%s clients=%d records/s=%.0f requests/s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d peak_heap_mb=%.0f rss_mb=%.0f peak_rss_mb=%.0f%n",
              records == 1 ? "single-record" : records + "-records",
              clients,
              result.records / result.seconds,
              result.requests / result.seconds,
              result.percentile(50),
              result.percentile(99),
              result.errors,
              peakHeapBytes(http, base) / 1048576.0,
              procKb(api.pid(), "VmRSS") / 1024.0,
              procKb(api.pid(), "VmHWM") / 1024.0);
        }
      }
    } finally {
      api.destroy(); // SIGTERM: the API's graceful shutdown
      if (!api.waitFor(30, TimeUnit.SECONDS)) {
        api.destroyForcibly();
      }
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", options.get("kafkaBootstrap")))) {
        admin.deleteTopics(List.of(topic)).all().get();
      }
    }
  }

  private static String body(int records) {
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < records; i++) {
      body.append(i == 0 ? "" : ",").append("{\"value\":").append(PIN).append('}');
    }
    return body.append("]}").toString();
  }

  private record Result(
      long records, long requests, long errors, double seconds, long[] latenciesNanos) {
    double percentile(double p) {
      if (latenciesNanos.length == 0) {
        return 0;
      }
      int index = (int) Math.ceil(p / 100 * latenciesNanos.length) - 1;
      return latenciesNanos[Math.max(0, index)] / 1e6;
    }
  }

  private static Result run(
      HttpClient http,
      URI base,
      String topic,
      String body,
      int recordsPerRequest,
      int clients,
      Duration duration)
      throws InterruptedException {
    java.net.InetSocketAddress address =
        new java.net.InetSocketAddress(base.getHost(), base.getPort());
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[4_000_000 / clients];
      int[] count = new int[1];
      latencies.add(mine);
      counts.add(count);
      threads.add(
          new Thread(
              () -> {
                try (KeepAliveClient client =
                    new KeepAliveClient(
                        address,
                        "POST",
                        "/topics/" + topic,
                        "application/vnd.kafka.json.v2+json",
                        bytes)) {
                  while (System.nanoTime() < end && count[0] < mine.length) {
                    long sent = System.nanoTime();
                    try {
                      if (client.send() != 200) {
                        errors.incrementAndGet();
                        continue;
                      }
                    } catch (IOException e) {
                      errors.incrementAndGet();
                      continue;
                    }
                    mine[count[0]++] = System.nanoTime() - sent;
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long requests = counts.stream().mapToLong(c -> c[0]).sum();
    long[] all = new long[(int) requests];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, at, counts.get(c)[0]);
      at += counts.get(c)[0];
    }
    Arrays.sort(all);
    return new Result(requests * recordsPerRequest, requests, errors.get(), seconds, all);
  }

  private static void awaitUp(HttpClient http, URI base, Process api, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!api.isAlive()) {
        throw new IllegalStateException("the API exited: " + Files.readString(log));
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the API did not answer within 60 s: " + Files.readString(log));
  }

  private static final Pattern PEAK_HEAP = Pattern.compile("\"heapPeakBytes\":(\\d+)");

  private static long peakHeapBytes(HttpClient http, URI base) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = PEAK_HEAP.matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** A {@code kB} field of /proc/PID/status: VmRSS (resident now) or VmHWM (peak resident). */
  private static long procKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
