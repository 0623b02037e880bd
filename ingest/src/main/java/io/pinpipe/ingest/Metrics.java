package io.pinpipe.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts per route and status, records produced per backend, latency and heap: {@code GET
 * /metrics}.
 */
final class Metrics {
  private final Map<String, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
  private final LongAdder kafkaRecords = new LongAdder();
  private final LongAdder kinesisRecords = new LongAdder();
  private final LatencyReservoir latency = new LatencyReservoir();

  void request(String route, int status, long nanos) {
    requests
        .computeIfAbsent(route, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, s -> new LongAdder())
        .increment();
    latency.record(nanos);
  }

  void kafkaRecords(int n) {
    kafkaRecords.add(n);
  }

  void kinesisRecords(int n) {
    kinesisRecords.add(n);
  }

  ObjectNode snapshot() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode byRoute = root.putObject("requests");
    new TreeMap<>(requests)
        .forEach(
            (route, statuses) -> {
              ObjectNode counts = byRoute.putObject(route);
              new TreeMap<>(statuses)
                  .forEach((status, n) -> counts.put(String.valueOf(status), n.sum()));
            });
    ObjectNode produced = root.putObject("recordsProduced");
    produced.put("kafka", kafkaRecords.sum());
    produced.put("kinesis", kinesisRecords.sum());
    latency.describe(root.putObject("latencyMs"));
    ObjectNode jvm = root.putObject("jvm");
    long used = 0;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
        peak += pool.getPeakUsage().getUsed();
      }
    }
    jvm.put("heapUsedBytes", used);
    // The sum of each pool's own peak: an upper bound of the true peak heap, which the JVM does not
    // track.
    jvm.put("heapPeakBytes", peak);
    return root;
  }
}
