package io.pinpipe.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.docs.ShellCommands.Command;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every shell command of {@code README.md}, {@code docs/*.md} and {@code stack/README.md} that a
 * reader can paste, run exactly as written (the text taken from the document, {@code bash -c} in
 * the checkout) against the local stack, in the scenarios the documents describe: the Quickstart,
 * the Ingest API, landing on the stack's S3, the demo, the test data generator, the stack's curl
 * recipes. A command that is neither run here nor named in {@link #NOT_RUN} with its reason fails
 * the first test, so a new example cannot drift unnoticed. Templates ({@code --input=...}, {@code
 * [--window=60s]}, {@code api|kafka}) are not pasteable; {@code ReadmeCommandsTest} checks what
 * they name.
 */
@TestMethodOrder(OrderAnnotation.class)
class ReadmeCommandsIT {
  static final Path ROOT = LocalStack.root();
  static final String README = "README.md";
  static final String PIPELINES = "docs/pipelines.md";
  static final String OPERATIONS = "docs/operations.md";
  static final String STACK_README = "stack/README.md";

  /** Every document with commands a reader can paste. */
  static final List<String> DOCUMENTS =
      List.of(
          README,
          PIPELINES,
          OPERATIONS,
          "docs/design.md",
          "docs/benchmarks.md",
          "docs/adding-a-table.md",
          STACK_README);

  static final Path QUICKSTART = Path.of("/tmp/pinpipe-quickstart");
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(6);
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-zA-Z][a-zA-Z0-9]*)");
  private static final Pattern HELP_OPTION = Pattern.compile("(?m)^\\s+--([a-zA-Z][a-zA-Z0-9]*)");
  private static final Pattern COUNTS =
      Pattern.compile("(?m)^(pin|geo|user)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)");

  /** Pasteable commands this test does not run, by their start, and why. */
  static final Map<String, String> NOT_RUN = new LinkedHashMap<>();

  static {
    NOT_RUN.put("bin/test", "the suite this test is part of");
    NOT_RUN.put(
        "bin/pinpipe-stack down",
        "would stop the servers the rest of the suite is using; bin/test stops them when it ends");
    NOT_RUN.put(
        "bin/pinpipe-stack up --with-flink",
        "FlinkClusterIT starts and stops the Flink cluster with the same script");
    NOT_RUN.put(
        "bin/pinpipe-stack up --with-spark",
        "SparkClusterIT starts and stops the Spark cluster with the same script");
    NOT_RUN.put(
        "bin/pinpipe-bench",
        "a benchmark runs for minutes (its results are in the README); bench's tests check its options");
    NOT_RUN.put(
        "spark-sql",
        "no Spark distribution here; SparkReadsTheTablesTest reads the tables through the same catalog settings");
    NOT_RUN.put(
        "aws s3 mb",
        "no AWS CLI here (not in Debian's default set); the stack's curl recipe for a bucket is run instead");
    NOT_RUN.put("chmod 600 pinpipe-catalog.conf", "part of the spark-sql recipe above");
  }

  @TempDir static Path logs;

  /** Every command of the documents, in order. */
  static List<Command> documentsCommands() throws IOException {
    List<Command> all = new ArrayList<>();
    for (String document : DOCUMENTS) {
      all.addAll(ShellCommands.of(ROOT, document));
    }
    return all;
  }

  /** The commands of a section's code blocks, in order. */
  static List<Command> section(String document, String heading) throws IOException {
    List<Command> commands =
        ShellCommands.of(ROOT, document).stream()
            .filter(c -> c.section().equals(heading))
            .collect(Collectors.toList());
    assertTrue(!commands.isEmpty(), document + " has no commands under '" + heading + "'");
    return commands;
  }

  static Command only(List<Command> commands, Predicate<Command> which, String what) {
    List<Command> found = commands.stream().filter(which).collect(Collectors.toList());
    assertEquals(1, found.size(), "exactly one command " + what + " in " + commands);
    return found.get(0);
  }

  static Predicate<Command> startsWith(String prefix) {
    return c -> c.normalised().startsWith(prefix);
  }

  /** Every command the scenarios below run, chosen the way they choose them. */
  static List<Command> runHere() throws IOException {
    List<Command> run = new ArrayList<>(section(README, "Quickstart"));
    run.addAll(section(PIPELINES, "Ingest API"));
    run.addAll(section(PIPELINES, "`serve`: the serving layer, live"));
    run.addAll(
        section(OPERATIONS, "The local stack").stream()
            .filter(startsWith("bin/pinpipe-stack down").negate())
            .toList());
    run.add(only(section(README, "pinpipe"), startsWith("bin/pinpipe demo"), "running the demo"));
    run.addAll(section(OPERATIONS, "Test and demo data"));
    run.addAll(ShellCommands.of(ROOT, STACK_README).stream().filter(startsWith("curl ")).toList());
    run.addAll(
        ShellCommands.of(ROOT, STACK_README).stream()
            .filter(c -> c.normalised().equals(". stack/env.sh"))
            .toList());
    return run;
  }

  @Test
  @Order(1)
  void everyPasteableCommandIsRunHereOrSaysWhyNot() throws IOException {
    Set<String> run = runHere().stream().map(Command::normalised).collect(Collectors.toSet());
    List<Command> all = documentsCommands();
    List<String> unaccounted =
        all.stream()
            .filter(c -> !c.template())
            .filter(c -> !run.contains(c.normalised()))
            .filter(c -> NOT_RUN.keySet().stream().noneMatch(c.invocation()::startsWith))
            .map(Command::toString)
            .collect(Collectors.toList());
    assertEquals(
        List.of(),
        unaccounted,
        "pasteable commands that no test runs: run them in a scenario here, or say why not in NOT_RUN");
    assertTrue(
        all.stream().filter(c -> !c.template()).count() >= 20,
        "the documents' pasteable commands: " + all);
  }

  /**
   * The templates cannot be pasted, but what they name must exist: every {@code --option} of a
   * {@code bin/pinpipe <command>} line in the documents is one that {@code bin/pinpipe <command>
   * --help} lists.
   */
  @Test
  @Order(2)
  @Timeout(300)
  void everyOptionTheDocumentsNameIsListedByItsCommandsHelp() throws Exception {
    Map<String, Set<String>> helpOptions = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    List<Command> all = documentsCommands();
    for (Command command : all) {
      String[] words = command.invocation().split(" ");
      if (!command.program().equals("bin/pinpipe")
          || words.length < 2
          || words[1].startsWith("-")) {
        continue;
      }
      Set<String> listed = helpOptions.computeIfAbsent(words[1], ReadmeCommandsIT::optionsInHelp);
      Matcher option = OPTION.matcher(command.invocation());
      while (option.find()) {
        if (!listed.contains(option.group(1))) {
          unknown.add("--" + option.group(1) + " in " + command);
        }
      }
    }
    assertTrue(
        helpOptions
            .keySet()
            .containsAll(
                List.of(
                    "demo",
                    "clean",
                    "land",
                    "stream",
                    "emulate",
                    "analytics",
                    "batch",
                    "api",
                    "serve")),
        "the documents show every command: " + helpOptions.keySet());
    assertEquals(
        List.of(), unknown, "options the documents name that the command's --help does not list");
  }

  private static Set<String> optionsInHelp(String command) {
    try {
      Shell.Finished help =
          Shell.run(
              "bin/pinpipe " + command + " --help",
              ROOT,
              logs.resolve("help-" + command + ".log"),
              COMMAND_TIMEOUT);
      assertEquals(0, help.exit(), "bin/pinpipe " + command + " --help:\n" + help.output());
      Set<String> options = new java.util.HashSet<>();
      Matcher listed = HELP_OPTION.matcher(help.output());
      while (listed.find()) {
        options.add(listed.group(1));
      }
      assertTrue(
          options.size() >= 3,
          "bin/pinpipe " + command + " --help lists its options:\n" + help.output());
      return options;
    } catch (Exception e) {
      throw new IllegalStateException("bin/pinpipe " + command + " --help", e);
    }
  }

  /**
   * The Quickstart, every step as written: the servers, the seed, the API, the emulator, land +
   * batch, stream.
   */
  @Test
  @Order(3)
  @Timeout(900)
  void theQuickstartRunsAsWrittenAndEveryLayerAnswers() throws Exception {
    List<Command> steps = section(README, "Quickstart");
    deleteTree(QUICKSTART);
    Command api = only(steps, startsWith("PINPIPE_API_KEYS="), "starting the API");
    Command stream =
        only(
            steps,
            c -> c.program().equals("bin/pinpipe") && c.normalised().contains(" stream "),
            "starting stream");
    Shell.Running apiProcess = null;
    try {
      for (Command step : steps) {
        if (step == api) {
          apiProcess = startApi(step);
        } else if (step == stream) {
          runStreamUntilItsTablesHaveRows(step);
        } else {
          Shell.Finished done = run(step);
          if (step.normalised().equals("bin/pinpipe-stack seed")) {
            assertEquals(
                Map.of("pinterest_data", 11154L, "geolocation_data", 11154L, "user_data", 11154L),
                seededRows());
          }
          if (step.normalised().startsWith("bin/pinpipe land")) {
            for (String table : List.of("pin", "geo", "user")) {
              assertTrue(
                  landedRecords(QUICKSTART.resolve("landing"), "pinpipe." + table) >= 300,
                  table + ": the 300 events posted through the API are landed:\n" + done.output());
            }
          }
          if (step.normalised().startsWith("bin/pinpipe batch")) {
            assertBatchAnswered(done.output());
          }
        }
      }
    } finally {
      if (apiProcess != null) {
        int exit = apiProcess.interrupt(Duration.ofSeconds(30));
        assertTrue(
            exit == 0 || exit == 130,
            "the API stops on Ctrl-C (exit " + exit + "):\n" + apiProcess.output());
      }
    }
  }

  /**
   * The Ingest API section: the API with two keys, and the curl that posts one record with the
   * first.
   */
  @Test
  @Order(4)
  @Timeout(300)
  void theIngestApiExampleTakesTheCurlPost() throws Exception {
    List<Command> commands = section(PIPELINES, "Ingest API");
    Shell.Running api =
        startApi(only(commands, startsWith("PINPIPE_API_KEYS="), "starting the API"));
    try {
      Shell.Finished curl = run(only(commands, startsWith("curl "), "posting"));
      assertTrue(
          curl.output().contains("\"offsets\""),
          "the Kafka REST Proxy v2 answer:\n" + curl.output());
    } finally {
      api.interrupt(Duration.ofSeconds(30));
    }
  }

  /**
   * The local stack section: up, env.sh and a land onto the stack's S3, in one shell as the block
   * reads.
   */
  @Test
  @Order(5)
  @Timeout(600)
  void theStackBlockLandsOnTheStacksS3() throws Exception {
    List<Command> commands =
        section(OPERATIONS, "The local stack").stream()
            .filter(startsWith("bin/pinpipe-stack down").negate())
            .toList();
    String script = commands.stream().map(Command::text).collect(Collectors.joining("\n"));
    Shell.Finished done =
        Shell.run("set -e\n" + script, ROOT, logs.resolve("stack-block.log"), COMMAND_TIMEOUT);
    assertEquals(0, done.exit(), script + "\n" + done.output());
    try (S3Client s3 = LocalStack.s3Client()) {
      long objects =
          s3
              .listObjectsV2Paginator(b -> b.bucket("landing").prefix("zone/topics/"))
              .contents()
              .stream()
              .count();
      assertTrue(objects > 0, "landing objects under s3://landing/zone/topics/:\n" + done.output());
    }
  }

  /**
   * The demo as the README's first command, the generator of "Test and demo data", env.sh and the
   * curl recipes.
   */
  @Test
  @Order(6)
  @Timeout(600)
  void theDemoTheGeneratorAndTheStackRecipesRun() throws Exception {
    Shell.Finished demo =
        run(only(section(README, "pinpipe"), startsWith("bin/pinpipe demo"), "running the demo"));
    assertTrue(demo.output().contains("Done in"), demo.output());
    assertTrue(
        Files.isDirectory(ROOT.resolve("pinpipe-out/warehouse/pinpipe/pin/metadata")),
        "the demo's tables in ./pinpipe-out");

    // The generator writes pin.jsonl where it is run: a directory of our own that sees runners/ as
    // the checkout's.
    Path here = Files.createDirectories(logs.resolve("generator"));
    Files.createSymbolicLink(here.resolve("runners"), ROOT.resolve("runners"));
    for (Command generate : section(OPERATIONS, "Test and demo data")) {
      Shell.Finished done =
          Shell.run(generate.text(), here, logs.resolve("generator.log"), COMMAND_TIMEOUT);
      assertEquals(0, done.exit(), generate + "\n" + done.output());
      try (Stream<String> lines = Files.lines(here.resolve("pin.jsonl"))) {
        assertEquals(1_000_000L, lines.count(), generate.text());
      }
      Files.delete(here.resolve("pin.jsonl"));
    }

    for (Command recipe : ShellCommands.of(ROOT, STACK_README)) {
      if (recipe.normalised().startsWith("curl ") || recipe.normalised().equals(". stack/env.sh")) {
        Shell.Finished done = run(recipe);
        if (recipe.normalised().contains("ListStreams")) {
          assertTrue(done.output().contains("StreamNames"), done.output());
        }
      }
    }
  }

  /**
   * The serve section: the service over the Quickstart's lake, and the curls that ask it for q1
   * (JSON) and q6 (CSV).
   */
  @Test
  @Order(7)
  @Timeout(300)
  void theServeExampleAnswersOverTheQuickstartLake() throws Exception {
    List<Command> commands = section(PIPELINES, "`serve`: the serving layer, live");
    assertTrue(
        Files.isDirectory(QUICKSTART.resolve("lake/warehouse")),
        "the Quickstart's lake (an earlier test) is there");
    Command start = only(commands, startsWith("PINPIPE_API_KEYS="), "starting serve");
    Shell.Running serve =
        Shell.start(start.text(), ROOT, logs.resolve("serve-" + start.line() + ".log"));
    try {
      // 200 once the batch views are loaded (503 before).
      Shell.await(
          Duration.ofSeconds(120),
          () -> !serve.alive() || status("http://127.0.0.1:8083/health") == 200,
          () -> "serve never answered with its answers on 127.0.0.1:8083");
      assertTrue(serve.alive(), start + " stopped:\n" + serve.output());
      Shell.Finished json =
          run(only(commands, c -> c.normalised().endsWith("/answers/q1"), "asking for q1"));
      assertTrue(
          json.output().contains("\"id\" : \"q1\"") && json.output().contains("\"batch_run\""),
          json.output());
      Shell.Finished csv =
          run(only(commands, c -> c.normalised().endsWith("/answers/q6"), "asking for q6 as CSV"));
      assertTrue(csv.output().contains("post_year,number_users_joined\r\n2015,"), csv.output());
    } finally {
      int exit = serve.interrupt(Duration.ofSeconds(30));
      assertTrue(
          exit == 0 || exit == 130,
          "serve stops on Ctrl-C (exit " + exit + "):\n" + serve.output());
    }
  }

  private static Shell.Finished run(Command command) throws Exception {
    Shell.Finished done =
        Shell.run(
            command.text(),
            ROOT,
            logs.resolve("command-" + command.line() + ".log"),
            COMMAND_TIMEOUT);
    assertEquals(0, done.exit(), "exit status of " + command + "\n" + done.output());
    return done;
  }

  private static Shell.Running startApi(Command command) throws Exception {
    Shell.Running api =
        Shell.start(command.text(), ROOT, logs.resolve("api-" + command.line() + ".log"));
    Shell.await(
        Duration.ofSeconds(90),
        () -> !api.alive() || answers("http://127.0.0.1:8082/health"),
        () -> "the API never answered on 127.0.0.1:8082");
    assertTrue(api.alive(), command + " stopped:\n" + api.output());
    return api;
  }

  /** Ctrl-C "after a minute": here as soon as each speed table has committed rows. */
  private static void runStreamUntilItsTablesHaveRows(Command command) throws Exception {
    Shell.Running stream = Shell.start(command.text(), ROOT, logs.resolve("stream.log"));
    try {
      LakeRows lake = LakeRows.embedded(QUICKSTART.resolve("lake"));
      Shell.await(
          Duration.ofMinutes(4),
          () -> !stream.alive() || everySpeedTableHasRows(lake),
          () -> "the speed tables never got rows:\n" + stream.output());
      assertTrue(stream.alive(), command + " stopped on its own:\n" + stream.output());
    } finally {
      int exit = stream.interrupt(Duration.ofSeconds(60));
      assertTrue(
          exit == 0 || exit == 130,
          "stream stops on Ctrl-C (exit " + exit + "):\n" + stream.output());
    }
  }

  private static boolean everySpeedTableHasRows(LakeRows lake) {
    try {
      for (Table table : Table.values()) {
        if (lake.speedTable(table).isEmpty()) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private static void assertBatchAnswered(String output) {
    Matcher counts = COUNTS.matcher(output);
    int tables = 0;
    while (counts.find()) {
      tables++;
      long read = Long.parseLong(counts.group(2));
      long curated = Long.parseLong(counts.group(3));
      long deadLettered = Long.parseLong(counts.group(5));
      assertTrue(read >= 300, counts.group(1) + ": read the landed events: " + counts.group());
      assertEquals(
          read, curated + deadLettered, counts.group(1) + " reconciles: " + counts.group());
    }
    assertEquals(3, tables, "batch prints the counts of pin, geo and user:\n" + output);
    for (int q = 1; q <= 8; q++) {
      assertTrue(
          Files.exists(QUICKSTART.resolve("lake/analytics/q" + q + ".json")),
          "q" + q + " answered:\n" + output);
    }
    assertTrue(
        Files.exists(QUICKSTART.resolve("lake/analytics/report.html")),
        "the report the Quickstart points at");
    LakeRows lake = LakeRows.embedded(QUICKSTART.resolve("lake"));
    for (Table table : Table.values()) {
      assertTrue(
          !lake.batchView(table).isEmpty(), table + ": the batch view the Quickstart points at");
    }
  }

  private static Map<String, Long> seededRows() throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:3306/pinterest_data", "root", "");
        Statement s = c.createStatement()) {
      for (String table : List.of("pinterest_data", "geolocation_data", "user_data")) {
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          r.next();
          rows.put(table, r.getLong(1));
        }
      }
    }
    return rows;
  }

  private static long landedRecords(Path landing, String topic) throws IOException {
    Path dir = landing.resolve("topics").resolve(topic);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long records = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        try (Stream<String> lines = Files.lines(file)) {
          records += lines.filter(l -> !l.isBlank()).count();
        }
      }
    }
    return records;
  }

  private static boolean answers(String url) {
    return status(url) > 0;
  }

  /** The HTTP status {@code url} answers with, or 0 when nothing answers yet. */
  private static int status(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status;
    } catch (IOException notYet) {
      return 0;
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
