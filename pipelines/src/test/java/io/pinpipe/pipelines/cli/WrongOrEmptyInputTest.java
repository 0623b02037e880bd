package io.pinpipe.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.testdata.SourceTables;
import io.pinpipe.transforms.model.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong or empty input is an error, never an empty table: each refusal exits 2 with one line that
 * names the option, and changes no table and no file. The lake under test holds one good run.
 */
class WrongOrEmptyInputTest {
  private static final int ROWS = 20;

  @TempDir static Path work;
  static Path landing;
  static Path lake;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void oneGoodRun() throws IOException {
    landing = landingZone(work.resolve("landing"), ROWS, Set.of(Table.values()));
    lake = work.resolve("lake");
    assertEquals(
        Cli.OK, new WrongOrEmptyInputTest().clean("--input=" + landing, "--output=" + lake));
  }

  private static Path landingZone(Path root, int rows, Set<Table> tables) throws IOException {
    for (Table table : tables) {
      LandingZone.write(
          root, "pinpipe." + table.id(), RealRows.lines(table.id()).subList(0, rows), 7);
    }
    return root;
  }

  private int clean(String... args) {
    List<String> argv = new ArrayList<>(List.of("--runner=DirectRunner"));
    argv.addAll(List.of(args));
    return Cli.execute(
        "clean",
        argv.toArray(new String[0]),
        CleanPipeline.Options.class,
        CleanPipeline::run,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int analytics(String... args) {
    List<String> argv = new ArrayList<>(List.of("--runner=DirectRunner"));
    argv.addAll(List.of(args));
    return Cli.execute(
        "analytics",
        argv.toArray(new String[0]),
        AnalyticsPipeline.Options.class,
        AnalyticsPipeline::run,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /**
   * The one line printed, after checking that it is one line for {@code command} naming {@code
   * option}.
   */
  private String refusal(String command, String option) {
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("pinpipe " + command + ": --" + option + ": "), line);
    return line;
  }

  private static List<Path> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void aMistypedInputRootIsRefusedAndNothingIsWritten() throws IOException {
    Map<String, Long> before = LakeRows.embedded(lake).currentSnapshots();
    List<Path> filesBefore = files(lake);
    Path fresh = work.resolve("fresh-lake");

    assertEquals(
        Cli.BAD_OPTIONS, clean("--input=" + work.resolve("landing-typo"), "--output=" + fresh));
    String line = refusal("clean", "input");
    assertTrue(
        line.contains("no landing objects for pin under " + work.resolve("landing-typo")), line);
    assertTrue(
        line.contains("/topics/pinpipe.pin/partition=<p>/pinpipe.pin+<p>+<offset>.json"), line);
    assertFalse(Files.exists(fresh), "nothing written");

    err.reset();
    assertEquals(
        Cli.BAD_OPTIONS, clean("--input=" + work.resolve("landing-typo"), "--output=" + lake));
    refusal("clean", "input");
    assertEquals(before, LakeRows.embedded(lake).currentSnapshots(), "no table changed");
    assertEquals(filesBefore, files(lake), "no file changed");
  }

  @Test
  void aLandingZoneWithoutOneTablesObjectsIsRefused() throws IOException {
    Path partial = landingZone(work.resolve("landing-partial"), ROWS, Set.of(Table.PIN, Table.GEO));
    Map<String, Long> before = LakeRows.embedded(lake).currentSnapshots();

    assertEquals(Cli.BAD_OPTIONS, clean("--input=" + partial, "--output=" + lake));
    assertTrue(refusal("clean", "input").contains("no landing objects for user"), err.toString());
    assertEquals(before, LakeRows.embedded(lake).currentSnapshots(), "no table changed");
  }

  @Test
  void aSourceTableWithoutRowsIsRefused() throws Exception {
    String url = "jdbc:h2:mem:empty-user-table;DB_CLOSE_DELAY=-1";
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      SourceTables.recreate(connection);
      SourceTables.load(connection, "pin", RealRows.lines("pin").subList(0, ROWS));
      SourceTables.load(connection, "geo", RealRows.lines("geo").subList(0, ROWS));
    }
    Path out = work.resolve("from-empty-table");

    assertEquals(
        Cli.BAD_OPTIONS,
        clean("--source=jdbc", "--jdbcUrl=" + url, "--jdbcUser=sa", "--output=" + out));
    assertTrue(
        refusal("clean", "jdbcUrl").contains("source table user_data at " + url + " has no rows"),
        err.toString());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aRunOverLessInputThanTheCurrentSnapshotIsRefusedUnlessAllowed() throws IOException {
    Path ownLake = work.resolve("shrinking-lake");
    assertEquals(Cli.OK, clean("--input=" + landing, "--output=" + ownLake), err.toString());
    Path truncated =
        landingZone(work.resolve("landing-truncated"), ROWS / 2, Set.of(Table.values()));
    Map<String, Long> before = LakeRows.embedded(ownLake).currentSnapshots();
    List<String> pinBefore = LakeRows.embedded(ownLake).batchView(Table.PIN);

    assertEquals(Cli.BAD_OPTIONS, clean("--input=" + truncated, "--output=" + ownLake));
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("pinpipe clean: refusing to replace pinpipe."), line);
    assertTrue(
        line.contains(
            "this run read " + ROWS / 2 + " input records, the current snapshot covers " + ROWS),
        line);
    assertTrue(line.contains("--allowShrink"), line);
    assertEquals(
        before,
        LakeRows.embedded(ownLake).currentSnapshots(),
        "no table changed, the dead-letter table included");
    assertEquals(pinBefore, LakeRows.embedded(ownLake).batchView(Table.PIN));

    err.reset();
    assertEquals(
        Cli.OK,
        clean("--input=" + truncated, "--output=" + ownLake, "--allowShrink"),
        err.toString());
    Map<String, Long> after = LakeRows.embedded(ownLake).currentSnapshots();
    for (Table table : Table.values()) {
      String view = "pinpipe." + table.id();
      assertNotEquals(before.get(view), after.get(view), view + " replaced");
      assertEquals(
          Integer.toString(ROWS / 2),
          LakeRows.embedded(ownLake).batchSummary(table).get("pinpipe.input-records"));
    }
  }

  @Test
  void anOutputThatCannotBeWrittenIsRefusedBeforeAnyWork() throws IOException {
    Path file = Files.writeString(work.resolve("a-file"), "not a folder");
    assertEquals(Cli.BAD_OPTIONS, clean("--input=" + landing, "--output=" + file.resolve("lake")));
    assertTrue(
        refusal("clean", "output").contains("cannot write under " + file.resolve("lake")),
        err.toString());
  }

  @Test
  void aCatalogThatDoesNotAnswerIsRefusedBeforeAnyWork() throws IOException {
    Path out = work.resolve("rest-lake");
    assertEquals(
        Cli.BAD_OPTIONS,
        clean(
            "--input=" + landing,
            "--output=" + out,
            "--catalog=rest",
            "--catalogUri=http://127.0.0.1:9/"));
    assertTrue(
        refusal("clean", "catalogUri").contains("cannot open the rest catalog"), err.toString());
    assertEquals(List.of(), files(out), "nothing written");
  }

  @Test
  void analyticsWithoutTheCuratedTablesNamesTheOptionAndTheTable() throws IOException {
    Path empty = Files.createDirectories(work.resolve("no-lake"));
    assertEquals(
        Cli.BAD_OPTIONS, analytics("--input=" + empty, "--output=" + work.resolve("answers")));
    assertTrue(
        refusal("analytics", "input").contains("table pinpipe.pin does not exist: run clean first"),
        err.toString());
    assertEquals(List.of(), files(empty), "nothing written where the tables were looked for");

    err.reset();
    assertEquals(Cli.BAD_OPTIONS, analytics("--input=" + empty, "--inputFormat=jsonl"));
    assertTrue(
        refusal("analytics", "input")
            .contains("no curated pin files: expected " + empty + "/curated/pin/part-*.jsonl"),
        err.toString());
    assertEquals(List.of(), files(empty));
  }
}
