package io.pinpipe.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.iceberg.CommitRun;
import io.pinpipe.iceberg.SpeedIncrement;
import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import io.pinpipe.pipelines.analytics.AnswerFiles;
import io.pinpipe.pipelines.analytics.ReportHtml;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving layer: the newest batch views merged with the speed layer's rows after their boundary
 * (analytics.md, Merged answers), kept current by {@link #refresh}, one step at a time on one
 * thread.
 *
 * <p>Each step takes the newest run that committed every batch view. When it is the run already
 * held, only the speed tables' data files not yet taken are read and added. When a new run has
 * committed, a new {@link MergedView} is built beside the one being served (its batch views, then
 * the speed panes after <em>its</em> boundary) and replaces it in one swap: speed rows the new
 * views cover stop counting, and no answer mixes two batch views. A failed step changes nothing
 * that is served: answers stay those of the last good step, and {@link #health} says how old they
 * are and why.
 */
final class ServingLayer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServingLayer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LakeFeed lake;
  private final int pageRefreshSeconds;
  private final Clock clock;
  private final AtomicReference<Served> served = new AtomicReference<>();
  private final AtomicReference<Health> health;

  // Owned by the refreshing thread.
  private @Nullable MergedView view;
  private @Nullable String run;
  private Map<Table, Snapshot> batchViews = Map.of();
  private final Set<String> filesTaken = new HashSet<>();
  private final Map<Table, SpeedIncrement> increments = new EnumMap<>(Table.class);

  ServingLayer(LakeFeed lake, int pageRefreshSeconds, Clock clock) {
    this.lake = lake;
    this.pageRefreshSeconds = pageRefreshSeconds;
    this.clock = clock;
    this.health = new AtomicReference<>(Health.starting(clock.instant()));
  }

  /** The answers to serve, or null before the first batch view was loaded. */
  @Nullable Served served() {
    return served.get();
  }

  Health health() {
    return health.get();
  }

  /** One step: follow the batch views, add the speed rows not yet taken, render. Never throws. */
  void refresh() {
    Instant started = clock.instant();
    try {
      step();
      health.set(Health.ok(started, served.get()));
    } catch (RuntimeException | OutOfMemoryError e) {
      // A batch view too large for the heap fails its load like an unreachable catalog: the view
      // being
      // served (if any) stays, the refresher goes on, /health says why.
      lake.reset();
      Health previous = health.get();
      health.set(previous.failed(started, served.get(), message(e)));
      if (previous.consecutiveFailures() == 0) {
        LOG.warn("refreshing the answers failed; serving the last good ones: {}", message(e));
      }
    }
  }

  private void step() {
    Map<Table, Snapshot> newest = lake.batchViews();
    String newestRun = newest.get(Table.PIN).summary().get(CommitRun.RUN_ID);
    if (!newestRun.equals(run)) {
      long start = System.nanoTime();
      MergedView fresh = lake.load(newest);
      Set<String> taken = new HashSet<>();
      Map<Table, SpeedIncrement> after = new EnumMap<>(Table.class);
      takeSpeedRows(fresh, newest, taken, after);
      // The swap: until here the old view kept serving.
      view = fresh;
      run = newestRun;
      batchViews = newest;
      filesTaken.clear();
      filesTaken.addAll(taken);
      increments.clear();
      increments.putAll(after);
      LOG.info(
          "answering from batch run {} ({} pin, {} geo, {} user rows; {} speed rows after its boundary) after {} ms",
          run,
          fresh.batchRows(Table.PIN),
          fresh.batchRows(Table.GEO),
          fresh.batchRows(Table.USER),
          fresh.speedRowsAdded(),
          (System.nanoTime() - start) / 1_000_000);
    } else {
      takeSpeedRows(view, batchViews, filesTaken, increments);
    }
    served.set(render());
  }

  private void takeSpeedRows(
      MergedView into,
      Map<Table, Snapshot> views,
      Set<String> taken,
      Map<Table, SpeedIncrement> after) {
    for (Table table : Table.POSTING_EVENT) {
      // Following one batch view, only the pane commits since the last step are read.
      SpeedIncrement previous = after.get(table);
      SpeedIncrement increment =
          previous == null
              ? lake.speedAfter(table, views.get(table))
              : lake.speedNext(table, views.get(table), previous);
      org.apache.iceberg.Table speedTable =
          increment.files.isEmpty() ? null : lake.loadSpeedTable(table);
      for (String file : increment.files) {
        if (!taken.contains(file)) {
          List<Record> records = LakeFeed.speedFile(speedTable, table, file);
          for (Record record : records) {
            into.speedRow(table, record);
          }
          taken.add(file);
        }
      }
      after.put(table, increment);
    }
  }

  private Served render() {
    Instant now = clock.instant();
    List<AnalyticsAnswer> answers = view.answers();
    Instant newest = newestEventTime();
    ObjectNode provenance = provenance(newest);
    Map<String, byte[]> json = new LinkedHashMap<>();
    Map<String, byte[]> csv = new LinkedHashMap<>();
    for (AnalyticsAnswer answer : answers) {
      ObjectNode body = JSON.createObjectNode();
      body.put("id", answer.id);
      body.put("question", answer.question);
      body.putPOJO("columns", answer.columns);
      body.set("rows", AnswerFiles.jsonRows(answer));
      body.setAll(provenance);
      body.put("answered_at", now.toString());
      json.put(answer.id, bytes(body));
      csv.put(answer.id, AnswerFiles.csv(answer).getBytes(StandardCharsets.UTF_8));
    }
    Map<String, String> answeredFrom = new LinkedHashMap<>();
    for (Table table : Table.POSTING_EVENT) {
      Snapshot snapshot = batchViews.get(table);
      answeredFrom.put(
          lake.batchView(table).toString(), snapshot.snapshotId() + " (run " + run + ")");
      SpeedIncrement increment = increments.get(table);
      answeredFrom.put(
          lake.speedTable(table).toString(),
          increment.snapshotId == null
              ? "no speed-layer rows yet"
              : increment.panesAfter + " panes after the boundary " + increment.boundary);
    }
    answeredFrom.put("newest event time", newest == null ? "none" : newest.toString());
    byte[] page =
        ReportHtml.renderLive(answers, now.toString(), answeredFrom, pageRefreshSeconds)
            .getBytes(StandardCharsets.UTF_8);
    return new Served(answers, json, csv, page, run, now, figures());
  }

  /**
   * What every answer says it is made of: batch_run, batch_snapshots, boundary, speed_snapshots,
   * the newest event time of the speed rows taken per speed table and over all of them.
   */
  private ObjectNode provenance(@Nullable Instant newest) {
    ObjectNode node = JSON.createObjectNode();
    node.put("batch_run", run);
    ObjectNode snapshots = node.putObject("batch_snapshots");
    ObjectNode boundary = node.putObject("boundary");
    ObjectNode speed = node.putObject("speed_snapshots");
    ObjectNode newestPerTable = node.putObject("newest_event_times");
    for (Table table : Table.POSTING_EVENT) {
      snapshots.put(lake.batchView(table).toString(), batchViews.get(table).snapshotId());
      SpeedIncrement increment = increments.get(table);
      ObjectNode positions = boundary.putObject(lake.batchView(table).toString());
      increment.boundary.forEach(positions::put);
      if (increment.snapshotId == null) {
        speed.putNull(lake.speedTable(table).toString());
      } else {
        speed.put(lake.speedTable(table).toString(), increment.snapshotId);
      }
      newestPerTable.put(
          lake.speedTable(table).toString(),
          increment.newestEventTime == null ? null : increment.newestEventTime.toString());
    }
    if (newest == null) {
      node.putNull("newest_event_time");
    } else {
      node.put("newest_event_time", newest.toString());
    }
    node.put("speed_rows_added", view.speedRowsAdded());
    node.put("speed_rows_already_held", view.speedRowsAlreadyHeld());
    return node;
  }

  private @Nullable Instant newestEventTime() {
    Instant newest = null;
    for (SpeedIncrement increment : increments.values()) {
      if (increment.newestEventTime != null
          && (newest == null || increment.newestEventTime.isAfter(newest))) {
        newest = increment.newestEventTime;
      }
    }
    return newest;
  }

  /** Figures for /metrics, taken while rendering (the view itself belongs to the refresher). */
  private ObjectNode figures() {
    ObjectNode node = JSON.createObjectNode();
    for (Table table : Table.POSTING_EVENT) {
      node.put(table.id() + "BatchRows", view.batchRows(table));
    }
    node.put("speedRowsAdded", view.speedRowsAdded());
    node.put("speedRowsAlreadyHeld", view.speedRowsAlreadyHeld());
    node.put("rowColumnBytes", view.columnBytes());
    node.put("medianValues", view.medianValues());
    return node;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String message(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "the batch views do not fit in the heap (raise -Xmx with PINPIPE_JAVA_OPTS): "
          + e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
      text += ": " + root.getMessage();
    }
    return text;
  }

  @Override
  public void close() {
    lake.close();
  }
}
