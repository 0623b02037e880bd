package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.land.LandPipeline;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own Kafka broker is stopped for 10 s and started again while the Ingest API takes a steady
 * stream of single-record posts and {@code land --mode=stream} lands the topic. The API must answer
 * 503 (never 200, never another error) for what it could not hand to Kafka; clients that retry
 * after a 503 succeed once the broker is back; the landing zone holds every acknowledged record.
 */
class BrokerRestartIT {
  private static final String KEY = "broker-restart-key";
  private static final int CLIENTS = 4;
  private static final int PER_CLIENT = 150;
  private static final long REQUEST_GAP_MS = 100;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir Path work;

  @BeforeAll
  static void kafka() {
    PrivateKafka.up();
  }

  @AfterAll
  static void stopKafka() {
    PrivateKafka.down();
  }

  @Test
  @Timeout(360)
  void the503sAreRetriedAndTheLandingZoneHoldsEveryAcknowledgedRecord() throws Exception {
    String prefix = Backends.unique("broker-restart");
    String topic = prefix + ".pin";
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", PrivateKafka.bootstrap()))) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1),
                  new org.apache.kafka.clients.admin.NewTopic(prefix + ".geo", 1, (short) 1),
                  new org.apache.kafka.clients.admin.NewTopic(prefix + ".user", 1, (short) 1)))
          .all()
          .get();
    }
    Path landing = work.resolve("landing");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong unavailable = new AtomicLong();
    Map<Integer, AtomicLong> otherStatuses = new ConcurrentHashMap<>();
    List<String> otherBodies = java.util.Collections.synchronizedList(new ArrayList<>());

    IngestApi api =
        IngestApi.start(
            IngestOptions.forLocal(
                    PrivateKafka.bootstrap(),
                    URI.create("http://127.0.0.1:9"),
                    ApiKeys.of(List.of(KEY)))
                .withProduceTimeout(Duration.ofSeconds(3)));
    PipelineResult landingJob = startLanding(prefix, landing);
    List<Thread> clients = new ArrayList<>();
    long outageStart;
    long outageEnd;
    try {
      Http http = new Http(api.uri());
      long clientDeadline = System.nanoTime() + Duration.ofSeconds(200).toNanos();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; i < PER_CLIENT && System.nanoTime() < clientDeadline; i++) {
                    String id = client + "-" + i;
                    String body = "{\"records\":[{\"value\":{\"fault_id\":\"" + id + "\"}}]}";
                    // A client as the issue describes it: a 503 means "not taken, retry later".
                    while (System.nanoTime() < clientDeadline) {
                      try {
                        HttpResponse<String> response =
                            http.send(
                                "POST",
                                "/topics/" + topic,
                                body,
                                "Content-Type",
                                Http.KAFKA_JSON,
                                "x-api-key",
                                KEY);
                        if (response.statusCode() == 200) {
                          acknowledged.add(id);
                          break;
                        }
                        if (response.statusCode() == 503) {
                          unavailable.incrementAndGet();
                        } else {
                          otherStatuses
                              .computeIfAbsent(response.statusCode(), s -> new AtomicLong())
                              .incrementAndGet();
                          otherBodies.add(response.body());
                        }
                      } catch (Exception e) {
                        otherStatuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                        otherBodies.add(e.toString());
                      }
                      sleep(500);
                    }
                    sleep(REQUEST_GAP_MS);
                  }
                },
                "client-" + c);
        thread.start();
        clients.add(thread);
      }
      sleep(6_000);
      long beforeOutage = acknowledged.size();
      outageStart = System.nanoTime();
      PrivateKafka.down();
      sleep(OUTAGE.toMillis());
      PrivateKafka.up();
      outageEnd = System.nanoTime();
      System.out.printf(
          "broker restart: %d acknowledged before the outage, %d when the broker was back (%.1f s from the stop command to the broker answering again, %d s of it stopped)%n",
          beforeOutage, acknowledged.size(), (outageEnd - outageStart) / 1e9, OUTAGE.toSeconds());
      for (Thread thread : clients) {
        thread.join(Duration.ofSeconds(220).toMillis());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!landedIds(landing).keySet().containsAll(acknowledged)
          && System.nanoTime() < deadline) {
        sleep(1_000);
      }
      sleep(3_000); // anything extra shows up now
    } finally {
      landingJob.cancel();
      api.close();
    }

    Map<String, Integer> landed = landedIds(landing);
    long landedRecords = landed.values().stream().mapToLong(Integer::longValue).sum();
    long landedTwice = landed.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        "RECONCILIATION broker-restart: produced=%d acknowledged=%d landed=%d curated=- dead-lettered=- "
            + "(503 answers=%d, records landed twice=%d)%n",
        CLIENTS * PER_CLIENT, acknowledged.size(), landedRecords, unavailable.get(), landedTwice);
    assertEquals(
        Map.of(),
        new TreeMap<>(otherStatuses),
        "no answer but 200 or 503: " + otherBodies.stream().limit(5).toList());
    assertTrue(unavailable.get() > 0, "the API answered 503 while the broker was down");
    assertEquals(
        CLIENTS * PER_CLIENT,
        acknowledged.size(),
        "every record acknowledged in the end (clients retried)");
    Set<String> missing = new HashSet<>(acknowledged);
    missing.removeAll(landed.keySet());
    assertEquals(Set.of(), missing, "every acknowledged record landed");
  }

  private static PipelineResult startLanding(String prefix, Path landing) {
    LandPipeline.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--mode=stream",
                "--kafkaBootstrap=" + PrivateKafka.bootstrap(),
                "--topicPrefix=" + prefix,
                "--output=" + landing,
                "--recordsPerObject=200",
                "--maxObjectAge=1s")
            .as(LandPipeline.Options.class);
    options.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline pipeline = Pipeline.create(options);
    LandPipeline.buildPipeline(pipeline, options);
    return pipeline.run();
  }

  /** fault_id → how many times it is in the landing zone's visible objects. */
  private static Map<String, Integer> landedIds(Path landing) {
    Map<String, Integer> ids = new TreeMap<>();
    if (!Files.isDirectory(landing)) {
      return ids;
    }
    try (Stream<Path> paths = Files.walk(landing)) {
      for (Path file :
          paths
              .filter(
                  p ->
                      Files.isRegularFile(p)
                          && p.getFileName().toString().endsWith(".json")
                          && !p.getFileName().toString().startsWith("."))
              .toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String id = Json.MAPPER.readTree(line).get("fault_id").asText();
          ids.merge(id, 1, Integer::sum);
        }
      }
    } catch (Exception e) {
      return Map.of(); // an object replaced while reading: look again next time
    }
    return ids;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
