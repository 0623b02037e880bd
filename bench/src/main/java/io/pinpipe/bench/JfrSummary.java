package io.pinpipe.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a measured run spent its CPU, from the JFR recording {@code pinpipe-bench --jfr} makes: the
 * share of execution samples per thread (Flink and Spark name threads after their operator chains)
 * and per stage of the clean pipeline: inclusive (a sample counts for every stage on its stack;
 * chained operators nest, so these overlap) and innermost (a sample counts once, for the stage
 * nearest the top of its stack; these add up to 100 % with "other").
 *
 * <pre>JfrSummary &lt;recording.jfr&gt;</pre>
 */
public final class JfrSummary {
  /** Stage → a frame prefix that marks it; the first match on a stack names it. */
  private static final Map<String, String> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("read landing objects (ReadRawLinesFn)", "io.pinpipe.pipelines.io.ReadRawLinesFn");
    STAGES.put("parse + clean (RecordCleaner)", "io.pinpipe.transforms.clean.");
    STAGES.put("JSON parsing (JsonPayload, Jackson)", "io.pinpipe.transforms.parse.JsonPayload");
    STAGES.put("JSON Lines form (CuratedJson)", "io.pinpipe.transforms.format.CuratedJson");
    STAGES.put("de-duplicate (DistinctRows)", "io.pinpipe.transforms.DistinctRows");
    STAGES.put("write shards (WriteCuratedShards)", "io.pinpipe.pipelines.io.WriteCuratedShards");
    STAGES.put("Parquet", "org.apache.parquet.");
    STAGES.put("Beam coders (encode/decode)", "org.apache.beam.sdk.coders.");
    STAGES.put("schema Row coder", "org.apache.beam.sdk.schemas.SchemaCoder");
    STAGES.put("Flink sort/shuffle", "org.apache.flink.runtime.operators.sort.");
    STAGES.put("Flink network/serialisation", "org.apache.flink.runtime.io.");
    STAGES.put("Spark shuffle", "org.apache.spark.shuffle.");
    STAGES.put("class loading", "java.lang.ClassLoader.loadClass");
  }

  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JfrSummary <recording.jfr>");
      System.exit(2);
    }
    print(Path.of(args[0]));
  }

  static void print(Path recording) throws IOException {
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> stages = new HashMap<>();
    Map<String, Integer> innermostStages = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      samples++;
      threads.merge(threadGroup(event), 1, Integer::sum);
      RecordedStackTrace stack = event.getStackTrace();
      List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
      String innermost = null;
      for (RecordedFrame frame : frames) {
        innermost = frame.isJavaFrame() ? stageOf(name(frame)) : null;
        if (innermost != null) {
          break;
        }
      }
      innermostStages.merge(innermost == null ? "other" : innermost, 1, Integer::sum);
      for (String stage : STAGES.keySet()) {
        for (RecordedFrame frame : frames) {
          if (frame.isJavaFrame() && name(frame).startsWith(STAGES.get(stage))) {
            stages.merge(stage, 1, Integer::sum);
            break;
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "%,d execution samples in %s%n%nby thread:%n", samples, recording);
    int total = samples;
    threads.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    System.out.printf("%nby stage:     inclusive  innermost%n");
    for (String stage : STAGES.keySet()) {
      System.out.printf(
          Locale.ROOT,
          "  %-40s %5.1f%%  %5.1f%%%n",
          stage,
          100.0 * stages.getOrDefault(stage, 0) / total,
          100.0 * innermostStages.getOrDefault(stage, 0) / total);
    }
    System.out.printf(
        Locale.ROOT,
        "  %-40s %6s  %5.1f%%%n",
        "other (JVM, runner, I/O, GC)",
        "",
        100.0 * innermostStages.getOrDefault("other", 0) / total);
  }

  private static String stageOf(String frame) {
    for (Map.Entry<String, String> stage : STAGES.entrySet()) {
      if (frame.startsWith(stage.getValue())) {
        return stage.getKey();
      }
    }
    return null;
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** Thread names without their numbers, so the threads of one operator chain add up. */
  private static String threadGroup(RecordedEvent event) {
    var thread = event.getThread("sampledThread");
    String name = thread == null ? "?" : thread.getJavaName();
    name = name == null ? "?" : name.replaceAll("\\d+", "N");
    return name.length() > 100 ? name.substring(0, 100) + "…" : name;
  }
}
