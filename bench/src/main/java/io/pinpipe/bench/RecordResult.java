package io.pinpipe.bench;

import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Turns one finished, measured run into its result line: checks its output ({@link OutputCheck}),
 * reads its peak heap from its GC log ({@link GcLog}), prints the line and appends it to the TSV.
 * Exits with 1 when the check fails, so a broken run is never taken for a fast one.
 *
 * <pre>
 * RecordResult --scenario=clean [--label=clean-jsonl] --runner=flink --rows=N --records=R --wall=S --cpu=S --rssKb=K
 *     --gcLog=F --log=F --output=D [--input=D] [--heap=1g] [--load=L] [--tsv=F] [--header=true]
 * </pre>
 *
 * <p>For {@code analytics}, records are the curated rows under {@code --input} instead of {@code
 * --records}.
 */
public final class RecordResult {
  private static final List<String> OPTIONS =
      List.of(
          "scenario",
          "label",
          "runner",
          "rows",
          "records",
          "wall",
          "cpu",
          "rssKb",
          "gcLog",
          "log",
          "input",
          "output",
          "heap",
          "load",
          "tsv",
          "header");

  private RecordResult() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BenchOptions.parse(args, OPTIONS);
    if (Boolean.parseBoolean(o.get("header"))) {
      System.out.println(Measurement.header());
      return;
    }
    String scenario = BenchOptions.required(o, "scenario");
    // analytics reads the curated rows of a clean run; clean reads 3 × rows raw records.
    long records =
        scenario.equals("analytics")
            ? curatedRows(Path.of(BenchOptions.required(o, "input")))
            : Long.parseLong(BenchOptions.required(o, "records"));
    Path output = Path.of(BenchOptions.required(o, "output"));
    List<String> log =
        Files.readAllLines(Path.of(BenchOptions.required(o, "log")), StandardCharsets.UTF_8);

    StringBuilder summary = new StringBuilder();
    String problem =
        scenario.equals("analytics")
            ? OutputCheck.analytics(output, summary)
            : OutputCheck.clean(log, output, records, summary);
    if (problem.isEmpty() && scenario.equals("demo")) {
      summary.append(", ");
      problem = OutputCheck.analytics(output, summary);
    }
    String check = problem.isEmpty() ? "ok: " + summary : "FAILED: " + problem;

    Path gcLogFile = Path.of(BenchOptions.required(o, "gcLog"));
    GcLog gc =
        Files.isRegularFile(gcLogFile)
            ? GcLog.parse(Files.readAllLines(gcLogFile, StandardCharsets.UTF_8))
            : new GcLog(0, 0);
    Measurement m =
        new Measurement(
            o.getOrDefault("label", scenario),
            BenchOptions.required(o, "runner"),
            Long.parseLong(BenchOptions.required(o, "rows")),
            records,
            Double.parseDouble(BenchOptions.required(o, "wall")),
            Double.parseDouble(o.getOrDefault("cpu", "0")),
            gc.usedBytes(),
            gc.liveBytes(),
            Long.parseLong(BenchOptions.required(o, "rssKb")) * 1024,
            o.getOrDefault("heap", "-"),
            o.getOrDefault("load", "-"),
            check);
    System.out.println(m.line());

    String tsv = o.get("tsv");
    if (tsv != null) {
      Path file = Path.of(tsv);
      if (!Files.exists(file)) {
        Files.writeString(file, Measurement.tsvHeader() + "\n", StandardCharsets.UTF_8);
      }
      Files.writeString(
          file,
          m.tsv(LocalDate.now().toString(), Runtime.getRuntime().availableProcessors()) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    }
    if (!problem.isEmpty()) {
      System.exit(1);
    }
  }

  private static long curatedRows(Path lake) throws IOException {
    long rows = 0;
    // clean's default output is the Iceberg tables (ensure_lake), the Spark reference's its files.
    if (LakeCounts.present(lake)) {
      try (LakeCounts counts = LakeCounts.open(lake)) {
        for (Table table : Table.values()) {
          rows += counts.batchRows(table);
        }
      }
      return rows;
    }
    for (Table table : Table.values()) {
      rows += OutputCheck.curatedRows(lake.resolve("curated").resolve(table.id()));
    }
    return rows;
  }
}
