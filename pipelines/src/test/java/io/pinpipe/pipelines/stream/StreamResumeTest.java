package io.pinpipe.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh start of {@code stream} over speed tables with committed windows resumes shortly before
 * the last of them ({@link StreamResume}), not at the topic's first record: the restart reads what
 * the de-duplication horizon needs and what came after, whatever the topic retains before that. It
 * loses and repeats nothing: every row once in the speed tables and the files, the first run's
 * files left as they were, and the restart's counters reconcile (handed from its start offset =
 * skipped as older than the resume time + read; read = curated + dead-lettered), with stragglers of
 * old event time posted after the new rows to be skipped.
 */
class StreamResumeTest {
  /** Rows per table posted before the first run, 200 ms of event time apart, an hour ago. */
  private static final int OLD = 120;

  private static final int NEW = 100;

  /** Rows per table posted after the new ones with old event times: skipped by the restart. */
  private static final int STRAGGLERS = 5;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka");
  }

  @Test
  void aRestartReadsFromShortlyBeforeTheLastCommittedWindowAndLosesNothing() throws Exception {
    String prefix = "resume-" + UUID.randomUUID().toString().substring(0, 8);
    Path out = work.resolve("lake");
    List<String> args =
        EventSenders.directStreamArgs(
            "kafka", prefix, out, "--outputFormat=iceberg,jsonl", "--dedupHorizon=4s");
    long anHourAgo = System.currentTimeMillis() - 3_600_000L;
    post(prefix, 0, OLD, i -> anHourAgo + 200L * i);
    LakeRows lake = LakeRows.embedded(out);
    StreamRuns.runUntil(
        args, Duration.ofSeconds(120), () -> speedRows(lake) >= 3 * OLD, Duration.ofSeconds(2));
    assertEquals(3 * OLD, speedRows(lake), "first run: every old row committed");
    Map<String, TreeSet<String>> firstRun = StreamRestartTest.filesAndRows(out);

    post(prefix, OLD, OLD + NEW, i -> System.currentTimeMillis());
    post(prefix, OLD + NEW, OLD + NEW + STRAGGLERS, i -> anHourAgo);
    Map<Table, long[]> counts = new java.util.EnumMap<>(Table.class);
    StreamRuns.runUntil(
        args,
        Duration.ofSeconds(120),
        () -> speedRows(lake) >= 3 * (OLD + NEW),
        Duration.ofSeconds(3),
        result -> {
          for (Table table : Table.values()) {
            counts.put(
                table,
                new long[] {
                  TableCounters.value(result, table, TableCounters.SKIPPED_BEFORE_RESUME),
                  TableCounters.value(result, table, TableCounters.READ),
                  TableCounters.value(result, table, TableCounters.CURATED_BEFORE_DEDUP),
                  TableCounters.value(result, table, TableCounters.DEAD_LETTERED)
                });
          }
        });

    // Where the restart began: the last window with old rows ended near the last old row's time;
    // less the 4 s horizon, at a 2 s window start, that is 20 to 30 rows before it, not offset 0.
    for (Table table : Table.values()) {
      String topic = prefix + "." + table.id();
      long start = resumedOffset(topic);
      assertTrue(
          start >= OLD - 40 && start <= OLD,
          topic + ": resumed at offset " + start + ", expected within the last 40 of " + OLD);
    }
    // Nothing lost on the way: what the restart was handed from its start offset was skipped as
    // before the resume time or read, and what it read was curated or dead-lettered.
    for (Table table : Table.values()) {
      long handed = OLD + NEW + STRAGGLERS - resumedOffset(prefix + "." + table.id());
      long[] c = counts.get(table);
      String line =
          String.format(
              "%s: handed %d, skipped %d, read %d, curated %d, dead-lettered %d",
              table.id(), handed, c[0], c[1], c[2], c[3]);
      System.out.println("RECONCILIATION resumed " + line);
      assertEquals(STRAGGLERS, c[0], line);
      assertEquals(handed, c[0] + c[1], line);
      assertEquals(c[1], c[2] + c[3], line);
    }
    for (Table table : Table.values()) {
      List<String> rows = lake.speedTable(table);
      assertEquals(OLD + NEW, rows.size(), table + " speed table: each row once");
      assertEquals(
          new TreeSet<>(StreamPipelineTest.golden(table).subList(0, OLD + NEW)),
          new TreeSet<>(rows),
          table.id());
    }
    List<String> panes = StreamRestartTest.speedPanes(lake);
    assertEquals(new TreeSet<>(panes).size(), panes.size(), "no pane committed twice");
    Map<String, TreeSet<String>> afterRestart = StreamRestartTest.filesAndRows(out);
    for (Map.Entry<String, TreeSet<String>> file : firstRun.entrySet()) {
      assertEquals(
          file.getValue(),
          afterRestart.get(file.getKey()),
          file.getKey() + ": as the first run wrote it");
    }
    assertEquals(
        3 * (OLD + NEW),
        afterRestart.values().stream().mapToInt(TreeSet::size).sum(),
        "each row once in the files");
  }

  private static void post(
      String prefix, int from, int to, java.util.function.IntToLongFunction time) throws Exception {
    try (KafkaProducer<String, String> producer =
        LocalStack.stringProducer(LocalStack.kafkaBootstrap())) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id());
        for (int i = from; i < to; i++) {
          producer.send(
              new ProducerRecord<>(
                  prefix + "." + table.id(), 0, time.applyAsLong(i), null, rows.get(i)));
        }
      }
      producer.flush();
    }
  }

  /** The start committed for the restart: in the one resume group of the topic (one output). */
  private static long resumedOffset(String topic) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
    try (Admin admin = Admin.create(props)) {
      List<String> groups =
          admin.listConsumerGroups().all().get().stream()
              .map(listing -> listing.groupId())
              .filter(id -> id.startsWith("pinpipe-stream-resume." + topic + "."))
              .toList();
      assertEquals(1, groups.size(), topic + ": one resume group, got " + groups);
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(groups.get(0)).partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
      assertTrue(offset != null, topic + ": no start offset was committed for the restart");
      return offset.offset();
    }
  }

  private static int speedRows(LakeRows lake) {
    return StreamRestartTest.speedRows(lake);
  }
}
