package io.pinpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches what {@code serve} answers, one {@code GET /answers/q6} per {@link #poll}: the newest
 * event time of the speed rows it has taken, per speed table. A produced row counts as served at
 * the first poll whose newest event time of its table is at or after the row's production (its
 * Kafka timestamp): the speed layer commits windows in event-time order, so a served newest event
 * time means the rows before it are served too. Late by at most one poll interval.
 */
final class ServedWatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NONE = Long.MIN_VALUE;

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI answer;
  private final String speedSuffix;

  /** Per poll: when it answered, and the newest event time per table (epoch ms, NONE when none). */
  private final List<long[]> samples = new ArrayList<>();

  ServedWatcher(URI serve, String speedSuffix) {
    this.answer = serve.resolve("/answers/q6");
    this.speedSuffix = speedSuffix;
  }

  synchronized void poll() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(answer).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    long at = System.currentTimeMillis();
    if (response.statusCode() != 200) {
      return;
    }
    JsonNode newest = JSON.readTree(response.body()).get("newest_event_times");
    long[] sample = new long[1 + Table.values().length];
    sample[0] = at;
    for (Table table : Table.values()) {
      JsonNode time = newest == null ? null : newest.get("pinpipe." + table.id() + speedSuffix);
      sample[1 + table.ordinal()] =
          time == null || time.isNull() ? NONE : Instant.parse(time.asText()).toEpochMilli();
    }
    samples.add(sample);
  }

  /**
   * When a row of {@code table} produced at {@code producedAt} was first served, or -1 if never.
   */
  synchronized long servedAt(Table table, long producedAt) {
    for (long[] sample : samples) {
      if (sample[1 + table.ordinal()] != NONE && sample[1 + table.ordinal()] >= producedAt) {
        return sample[0];
      }
    }
    return -1;
  }

  /**
   * Freshness of every produced row of {@code produced} that was served: served minus produced, in
   * ms.
   */
  List<Long> freshnessMillis(ProducedRows produced, long events) {
    List<Long> freshness = new ArrayList<>();
    for (Table table : Table.values()) {
      for (long key = 0; key < events; key++) {
        long at = produced.producedAt(table, key);
        if (at != ProducedRows.NOT_PRODUCED) {
          long served = servedAt(table, at);
          if (served >= 0) {
            freshness.add(served - at);
          }
        }
      }
    }
    return freshness;
  }
}
