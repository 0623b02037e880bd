package io.pinpipe.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.iceberg.LakeTables;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import io.pinpipe.pipelines.stream.EventSenders;
import io.pinpipe.pipelines.stream.StreamRuns;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that no one here wrote reads the tables: pinpipe's {@code clean} (all the real rows,
 * with re-posts and the malformed corpus) and {@code stream} (from the stack's Kafka) write the
 * embedded catalog, then Spark SQL 3.5 with {@code iceberg-spark-runtime-3.5_2.12} opens that
 * catalog as a Hadoop catalog and gets exactly the golden rows, with the declared column types, the
 * dead letters, and the speed layer's rows with their event time.
 */
class SparkReadsTheTablesTest {
  private static final String CATALOG = "pinpipe";
  private static final LakeTables TABLES = LakeTables.defaults();
  private static final int STREAM_ROWS = 50;

  /**
   * The columns cleaning.md §2–§4 and §7 declare, as Spark names their types (timestamptz is {@code
   * timestamp}).
   */
  private static final Map<Table, List<String>> COLUMNS =
      Map.of(
          Table.PIN,
              List.of(
                  "ind bigint",
                  "unique_id string",
                  "title string",
                  "description string",
                  "follower_count bigint",
                  "poster_name string",
                  "tag_list string",
                  "is_image_or_video string",
                  "image_src string",
                  "save_location string",
                  "category string"),
          Table.GEO,
              List.of(
                  "ind bigint",
                  "country string",
                  "coordinates array<double>",
                  "timestamp timestamp"),
          Table.USER,
              List.of("ind bigint", "user_name string", "age int", "date_joined timestamp"));

  private static final List<String> DEAD_LETTER_COLUMNS =
      List.of(
          "table string",
          "source string",
          "payload string",
          "error string",
          "pipeline string",
          "failed_at timestamp");

  @TempDir static Path work;
  static Path lake;
  static int deadLettersWritten;
  static Instant producedFrom;
  static Instant producedTo;
  static Map<String, SparkSql.Result> spark;

  /**
   * As the two layers run in production, into one catalog: {@code clean} over a landing zone of
   * every real row, then {@code stream} from Kafka; then one Spark SQL session reads every table.
   */
  @BeforeAll
  static void runBothLayersThenReadWithSpark() throws Exception {
    lake = work.resolve("lake");
    long started = System.nanoTime();
    clean(writeLandingZone());
    long cleaned = System.nanoTime();
    stream();
    long streamed = System.nanoTime();

    SparkSql sql =
        new SparkSql().catalog(CATALOG, Map.of("type", "hadoop", "warehouse", warehouse(lake)));
    for (Table table : Table.values()) {
      String batch = qualified(TABLES.batchView(table).name());
      String speed = qualified(TABLES.speedTable(table).name());
      sql.statement("describe " + table, "DESCRIBE TABLE " + batch)
          .statement("rows " + table, "SELECT * FROM " + batch)
          .statement(
              "snapshots " + table,
              "SELECT summary['pinpipe.pipeline'] AS pipeline, summary['pinpipe.run-id'] AS run_id, "
                  + "summary['pinpipe.rows'] AS row_count "
                  + "FROM "
                  + batch
                  + ".snapshots ORDER BY committed_at")
          .statement("describe speed " + table, "DESCRIBE TABLE " + speed)
          .statement("speed rows " + table, "SELECT * FROM " + speed);
    }
    String deadLetters = qualified(TABLES.deadLetters().name());
    // Queries of README "Querying the tables", as written there.
    sql.statement("show tables", "SHOW TABLES IN " + CATALOG + "." + LakeTables.DEFAULT_NAMESPACE)
        .statement(
            "readme dead letters",
            "SELECT `table`, error, payload FROM " + deadLetters + " WHERE pipeline = 'clean'")
        .statement(
            "readme speed since",
            "SELECT count(*) AS n FROM "
                + qualified(TABLES.speedTable(Table.PIN).name())
                + " WHERE event_time > TIMESTAMP '2024-01-01 00:00:00'");
    sql.statement("describe dead letters", "DESCRIBE TABLE " + deadLetters)
        .statement(
            "clean dead letters", "SELECT * FROM " + deadLetters + " WHERE pipeline = 'clean'")
        .statement(
            "stream dead letters", "SELECT * FROM " + deadLetters + " WHERE pipeline = 'stream'");
    spark = sql.run(work.resolve("spark"));
    System.out.printf(
        "clean: %d ms, stream: %d ms, Spark SQL: %d ms%n",
        (cleaned - started) / 1_000_000,
        (streamed - cleaned) / 1_000_000,
        (System.nanoTime() - streamed) / 1_000_000);
  }

  @Test
  void sparkSqlReadsTheGoldenRowsWithTheDeclaredTypesAfterClean() throws Exception {
    for (Table table : Table.values()) {
      assertEquals(
          COLUMNS.get(table),
          spark.get("describe " + table).describedColumns(),
          table + ": DESCRIBE TABLE");
      SparkSql.Result rows = spark.get("rows " + table);
      assertEquals(COLUMNS.get(table), rows.columns(), table + ": the columns of SELECT *");
      assertFalse(rows.nullable("ind"), table + ": ind is the required identifier");
      List<String> golden = golden(table);
      assertEquals(golden.size(), rows.rows().size(), table + ": row count");
      assertSameLines(golden, rows.lines(), table + ": Spark reads exactly the golden rows");
      List<ObjectNode> snapshots = spark.get("snapshots " + table).rows();
      ObjectNode current = snapshots.get(snapshots.size() - 1);
      assertEquals(
          "clean", current.get("pipeline").asText(), table + ": the current snapshot's summary");
      assertTrue(
          current.get("run_id").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), current.toString());
      assertEquals(
          Integer.toString(golden.size()),
          current.get("row_count").asText(),
          table + ": the current snapshot's summary");
    }
  }

  @Test
  void theReadmeQueriesRun() {
    List<String> tables = new ArrayList<>();
    spark.get("show tables").rows().forEach(r -> tables.add(r.get("tableName").asText()));
    tables.sort(null);
    List<String> expected =
        TABLES.all().stream().map(t -> t.id.name()).sorted().collect(Collectors.toList());
    assertEquals(expected, tables, "SHOW TABLES: every table LakeTables names");
    assertEquals(deadLettersWritten, spark.get("readme dead letters").rows().size());
    assertEquals(STREAM_ROWS, spark.get("readme speed since").rows().get(0).get("n").asInt());
  }

  @Test
  void sparkSqlReadsTheDeadLetterTable() {
    SparkSql.Result describe = spark.get("describe dead letters");
    assertEquals(DEAD_LETTER_COLUMNS, describe.describedColumns(), "dead letters: DESCRIBE TABLE");
    List<String> details = describe.describedDetails();
    assertTrue(details.contains("# Partition Information: "), details.toString());
    assertEquals(
        List.of(
            "# Partition Information: ",
            "# col_name: data_type",
            "pipeline: string",
            "table: string"),
        details.subList(details.indexOf("# Partition Information: "), details.size()),
        "dead letters: partitioned by pipeline and table");

    SparkSql.Result clean = spark.get("clean dead letters");
    assertEquals(DEAD_LETTER_COLUMNS, clean.columns(), "dead letters: the columns of SELECT *");
    assertEquals(
        deadLettersWritten, clean.rows().size(), "clean: one dead letter per malformed record");
    List<String> expected = new ArrayList<>();
    LakeRows rows = LakeRows.embedded(lake);
    for (Table table : Table.values()) {
      expected.addAll(rows.deadLetters("clean", table));
    }
    expected.sort(null);
    assertSameLines(
        expected, clean.lines(), "clean: Spark reads the dead letters Iceberg's own reader reads");

    SparkSql.Result stream = spark.get("stream dead letters");
    assertEquals(2, stream.rows().size(), "stream: the two malformed user records");
    assertEquals(
        rows.deadLetters("stream", Table.USER),
        stream.lines(),
        "stream: Spark reads the stream's dead letters");
  }

  @Test
  void sparkSqlReadsTheSpeedTablesWithTheirEventTimeAfterStream() throws Exception {
    for (Table table : Table.values()) {
      List<String> columns = new ArrayList<>(COLUMNS.get(table));
      columns.add(LakeTables.EVENT_TIME + " timestamp");
      assertEquals(
          columns,
          spark.get("describe speed " + table).describedColumns(),
          table + "_stream: DESCRIBE TABLE");
      SparkSql.Result rows = spark.get("speed rows " + table);
      assertEquals(columns, rows.columns(), table + "_stream: the columns of SELECT *");
      assertFalse(
          rows.nullable(LakeTables.EVENT_TIME), table + "_stream: every row has its event time");
      assertEquals(STREAM_ROWS, rows.rows().size(), table + "_stream: each row once");
      assertSameLines(
          golden(table, STREAM_ROWS),
          rows.lines(LakeTables.EVENT_TIME),
          table + "_stream: the rows the batch layer makes of the same records");
      for (ObjectNode row : rows.rows()) {
        Instant eventTime = Instant.parse(row.get(LakeTables.EVENT_TIME).asText());
        // The Kafka record time as the row's window holds it: after the first record was sent,
        // before the row was read.
        assertTrue(
            !eventTime.isBefore(producedFrom) && !eventTime.isAfter(producedTo),
            table
                + "_stream: event_time "
                + eventTime
                + " within the run ("
                + producedFrom
                + " .. "
                + producedTo
                + ")");
      }
    }
  }

  /** Every real row, every fifth re-posted, and the malformed corpus, as raw landing objects. */
  private static Path writeLandingZone() throws IOException {
    Path landing = work.resolve("landing");
    for (Table table : Table.values()) {
      List<String> records = new ArrayList<>(RealRows.lines(table.id()));
      List<String> real = RealRows.lines(table.id());
      for (int i = 0; i < real.size(); i += 5) {
        records.add(real.get(i)); // exact re-posts: each row once in the table all the same
      }
      List<String> malformed =
          MalformedCorpus.cases().stream()
              .filter(c -> c.table().equals(table.id()) && !c.payload().contains("\n"))
              .map(MalformedCorpus.Case::payload)
              .collect(Collectors.toList());
      records.addAll(records.size() / 2, malformed);
      deadLettersWritten += malformed.size();
      LandingZone.write(landing, "pinpipe." + table.id(), records, 1000);
    }
    return landing;
  }

  private static void clean(Path landing) {
    // The DirectRunner's immutability and encodability checks are CleanPipelineTest's business;
    // here they would only double the run (README, Benchmarks): off, as bin/pinpipe runs.
    CleanPipeline.run(
        PipelineOptionsFactory.fromArgs(
                DirectRunnerChecksDefault.apply(
                    new String[] {
                      "--runner=DirectRunner",
                      "--source=raw",
                      "--input=" + landing,
                      "--output=" + lake
                    }))
            .as(CleanPipeline.Options.class));
  }

  private static void stream() throws Exception {
    LocalStack.up("kafka");
    String prefix = "lake-" + UUID.randomUUID().toString().substring(0, 8);
    producedFrom = Instant.ofEpochMilli(System.currentTimeMillis());
    produce(prefix);
    LakeRows rows = LakeRows.embedded(lake);
    StreamRuns.runUntil(
        List.of(
            DirectRunnerChecksDefault.apply(
                new String[] {
                  "--runner=DirectRunner",
                  "--source=kafka",
                  EventSenders.sourceOptions("kafka").get(0),
                  "--topicPrefix=" + prefix,
                  "--output=" + lake,
                  "--numShards=2",
                  "--window=2s",
                  "--maxDelay=1s"
                })),
        Duration.ofSeconds(240),
        () -> allWritten(rows),
        Duration.ZERO);
    producedTo = Instant.now();
    assertTrue(
        allWritten(rows), "stream wrote every row and dead letter within 240 s: " + written(rows));
  }

  /** The first rows of every table, each re-posted once in ten, and two malformed user records. */
  private static void produce(String prefix) throws Exception {
    try (EventSenders.Sender sender = EventSenders.open("kafka", prefix)) {
      for (Table table : Table.values()) {
        List<String> rows = RealRows.lines(table.id()).subList(0, STREAM_ROWS);
        for (int i = 0; i < rows.size(); i++) {
          sender.send(table, rows.get(i));
          if (i % 10 == 0) {
            sender.send(table, rows.get(i));
          }
        }
      }
      sender.send(Table.USER, "{\"ind\": 1, \"first_name\": \"A\"}");
      sender.send(Table.USER, "not json");
    }
  }

  /**
   * Equal sorted lines, or a failure that names the first few lines each side lacks (not 10,000
   * rows).
   */
  private static void assertSameLines(List<String> expected, List<String> actual, String message) {
    if (expected.equals(actual)) {
      return;
    }
    List<String> missing = new ArrayList<>(expected);
    actual.forEach(missing::remove);
    List<String> unexpected = new ArrayList<>(actual);
    expected.forEach(unexpected::remove);
    fail(
        message
            + ": expected "
            + expected.size()
            + " rows, Spark read "
            + actual.size()
            + "; not read ("
            + missing.size()
            + "): "
            + missing.subList(0, Math.min(5, missing.size()))
            + "; read but not expected ("
            + unexpected.size()
            + "): "
            + unexpected.subList(0, Math.min(5, unexpected.size())));
  }

  private static String written(LakeRows lake) {
    StringBuilder text = new StringBuilder();
    for (Table table : Table.values()) {
      text.append(table)
          .append('=')
          .append(lake.speedTable(table).size())
          .append(" in ")
          .append(lake.speedSummaries(table).size())
          .append(" snapshots, ");
    }
    return text.append("dead letters=")
        .append(lake.deadLetters("stream", Table.USER).size())
        .toString();
  }

  private static boolean allWritten(LakeRows lake) {
    for (Table table : Table.values()) {
      if (lake.speedTable(table).size() < STREAM_ROWS) {
        return false;
      }
    }
    return lake.deadLetters("stream", Table.USER).size() >= 2;
  }

  /** {@code <catalog>.<namespace>.<table>}, as Spark SQL names a table of a catalog. */
  private static String qualified(String table) {
    return CATALOG + "." + LakeTables.DEFAULT_NAMESPACE + "." + table;
  }

  /** The embedded catalog's warehouse of a run with {@code --output=<out>}. */
  private static String warehouse(Path out) {
    return out.resolve("warehouse").toAbsolutePath().toUri().toString();
  }

  /** The golden output of {@code clean} (testdata), sorted. */
  static List<String> golden(Table table) throws IOException {
    return GoldenRows.sorted(table.id());
  }

  /** The golden rows of the first {@code limit} real rows, sorted. */
  static List<String> golden(Table table, int limit) throws IOException {
    List<String> rows = new ArrayList<>(GoldenRows.inRowOrder(table.id()));
    rows = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
    rows.sort(null);
    return rows;
  }
}
