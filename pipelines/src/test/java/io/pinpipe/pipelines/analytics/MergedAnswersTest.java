package io.pinpipe.pipelines.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.batch.BatchPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.land.LandPipeline;
import io.pinpipe.pipelines.stream.EventSenders;
import io.pinpipe.pipelines.stream.StreamRuns;
import io.pinpipe.testdata.RowGenerator;
import io.pinpipe.transforms.analytics.Question;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving layer's merged answers (analytics.md, Merged answers), on a real Kafka broker: {@code
 * batch} over the first events (with re-posts), then {@code stream} over the same topics while the
 * later events arrive, with re-posts of rows the batch view already holds and duplicates within the
 * stream. {@code analytics --asOf=now} over the batch views plus the speed tables must equal, byte for
 * byte, a full {@code batch} recomputation over every event.
 */
class MergedAnswersTest {
  private static final int BATCH_EVENTS = 60;
  private static final int ALL_EVENTS = 120;
  private static final Pattern PANES = Pattern.compile("(\\d+) pane commits after the boundary .*?, (\\d+) covered by the batch view");

  @TempDir Path work;

  @Test
  void batchViewsPlusTheSpeedLayerEqualABatchOverEveryEvent() throws Exception {
    LocalStack.up("kafka");
    String prefix = "merge-" + UUID.randomUUID().toString().substring(0, 8);
    RowGenerator rows = new RowGenerator(7);
    try (EventSenders.Sender sender = EventSenders.open("kafka", prefix)) {
      for (int key = 0; key < BATCH_EVENTS; key++) {
        sendEvent(sender, rows, key);
        if (key % 5 == 0) {
          sendEvent(sender, rows, key); // a re-post the batch view de-duplicates
        }
      }
    }
    Path lake = work.resolve("lake");
    CleanPipeline.run(options(CleanPipeline.Options.class, "--source=raw", "--input=" + land(prefix, "landing-first"), "--output=" + lake,
        "--topicPrefix=" + prefix, "--numShards=1"));

    try (EventSenders.Sender sender = EventSenders.open("kafka", prefix)) {
      for (int key = BATCH_EVENTS; key < ALL_EVENTS; key++) {
        sendEvent(sender, rows, key);
        if (key % 4 == 0) {
          sendEvent(sender, rows, key - BATCH_EVENTS); // re-posts of rows the batch view holds
        }
        if (key % 7 == 0) {
          sendEvent(sender, rows, key); // duplicates within the stream
        }
      }
    }
    // The reference: one batch over every event (all records in the topics).
    Path reference = work.resolve("reference");
    BatchPipeline.run(options(BatchPipeline.Options.class, "--source=raw", "--input=" + land(prefix, "landing-all"), "--output=" + reference,
        "--topicPrefix=" + prefix, "--numShards=1"));

    streamUntilTheLakeHoldsEveryRowOf(prefix, lake, LakeRows.embedded(reference));

    Path served = work.resolve("served");
    AnalyticsPipeline.run(options(AnalyticsPipeline.Options.class, "--input=" + lake, "--output=" + served, "--asOf=now"));
    for (Question question : Question.values()) {
      String file = "analytics/" + question.id() + ".json";
      assertEquals(Files.readString(reference.resolve(file), StandardCharsets.UTF_8), Files.readString(served.resolve(file), StandardCharsets.UTF_8),
          question.id() + ": merged answer = the batch over every event");
    }

    // The boundary did its part: the panes of the first events were left out, the later ones taken.
    String provenance = Files.readString(served.resolve("analytics/" + AnalyticsPipeline.PROVENANCE), StandardCharsets.UTF_8);
    for (Table table : Table.values()) {
      Matcher panes = PANES.matcher(provenance.substring(provenance.indexOf("pinpipe." + table.id() + "_stream")));
      assertTrue(panes.find(), table + " speed table in " + provenance);
      assertTrue(Integer.parseInt(panes.group(1)) > 0 && Integer.parseInt(panes.group(2)) > 0,
          table + ": panes both after and covered by the boundary: " + panes.group());
    }
  }

  private static void sendEvent(EventSenders.Sender sender, RowGenerator rows, int key) throws Exception {
    for (Table table : Table.values()) {
      sender.send(table, rows.row(table.id(), key));
    }
  }

  private Path land(String prefix, String name) {
    Path landing = work.resolve(name);
    LandPipeline.run(options(LandPipeline.Options.class, "--mode=batch", "--kafkaBootstrap=" + LocalStack.kafkaBootstrap(),
        "--topicPrefix=" + prefix, "--output=" + landing));
    return landing;
  }

  /** Runs {@code stream} over the topics until the lake's batch views and speed tables hold every reference row. */
  private static void streamUntilTheLakeHoldsEveryRowOf(String prefix, Path lake, LakeRows reference) throws Exception {
    LakeRows rows = LakeRows.embedded(lake);
    List<String> args = List.of("--runner=DirectRunner", "--targetParallelism=2", "--source=kafka", EventSenders.sourceOptions("kafka").get(0),
        "--topicPrefix=" + prefix, "--output=" + lake, "--numShards=1", "--window=2s", "--maxDelay=1s",
        // A horizon shorter than the time between the two phases: the re-posts of batch rows reach the speed
        // tables (as a re-post an hour later would with the default 10 minutes), and only the merge can drop them.
        "--dedupHorizon=2s");
    assertTrue(StreamRuns.runUntil(args, Duration.ofSeconds(180), () -> holdsEveryRow(rows, reference), Duration.ZERO),
        "the speed layer never caught up");
  }

  private static boolean holdsEveryRow(LakeRows lake, LakeRows reference) {
    try {
      for (Table table : Table.values()) {
        Set<String> held = new HashSet<>(lake.batchView(table));
        held.addAll(lake.speedTable(table));
        if (!held.containsAll(reference.batchView(table))) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException noSpeedTableYet) {
      return false;
    }
  }

  private static <T extends org.apache.beam.sdk.options.PipelineOptions> T options(Class<T> type, String... args) {
    List<String> all = new ArrayList<>(List.of("--runner=DirectRunner", "--targetParallelism=2"));
    all.addAll(List.of(args));
    return PipelineOptionsFactory.fromArgs(all.toArray(new String[0])).as(type);
  }
}
