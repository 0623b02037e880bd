package io.pinpipe.runners.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.StackServers;
import io.pinpipe.testdata.GoldenRows;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar submitted, as a user submits it, to a real Spark 3.5 standalone cluster (a
 * master and a worker in JVMs of their own, started by {@code bin/pinpipe-stack up spark}): {@code
 * java <add-opens> -jar pinpipe-spark.jar clean --runner=SparkRunner
 * --sparkMaster=spark://127.0.0.1:17077 ...}; the driver runs in that JVM, the tasks in the
 * worker's executor. The master must list the application as FINISHED among its completed
 * applications, so a silent local run cannot pass.
 */
class SparkClusterIT {
  private static final String MASTER =
      "spark://127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_SPARK_MASTER_PORT", "17077");
  private static final String MASTER_UI =
      "127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_SPARK_MASTER_UI_PORT", "18080");

  /** The JVM flags of the pom's spark.add-opens property. */
  private static final List<String> ADD_OPENS =
      Arrays.asList(System.getProperty("pinpipe.spark.add-opens").trim().split("\\s+"));

  private static final List<String> TABLES = List.of("pin", "geo", "user");

  /** The cluster's members: those not up already are started for this class, then stopped. */
  @RegisterExtension
  static final StackServers CLUSTER = StackServers.of("spark-master", "spark-worker");

  @TempDir Path work;

  @Test
  void cleanRunsOnTheClusterAndMatchesTheGoldenFiles() throws Exception {
    Path landing = work.resolve("landing");
    for (String table : TABLES) {
      LandingZone.write(landing, "pinpipe." + table, RealRows.lines(table), 1000);
    }
    // The executor writes straight into this folder: it runs on the same machine.
    Path out = work.resolve("out");
    String jar = System.getProperty("pinpipe.jar");
    String appName = "pinpipe-spark-cluster-it-" + System.currentTimeMillis();

    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(ADD_OPENS);
    command.addAll(
        List.of(
            "-jar",
            jar,
            "clean",
            "--runner=SparkRunner",
            "--sparkMaster=" + MASTER,
            "--appName=" + appName,
            "--filesToStage=" + jar,
            "--source=raw",
            "--input=" + landing,
            "--output=" + out,
            "--outputFormat=iceberg,jsonl"));
    Path log = work.resolve("clean.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // The driver listens for its executors: on loopback, like the cluster.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String driverLog = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), driverLog);
    // Spark retries failed tasks, so a job can succeed over executor failures; there must be none
    // (the
    // jar's relocated guava is what keeps Spark's old one on the executor classpath from breaking
    // tasks).
    assertFalse(driverLog.contains("Lost task"), driverLog);

    assertEquals("FINISHED", appState(appName), appName + " ran on the cluster at " + MASTER);
    for (String table : TABLES) {
      assertEquals(
          GoldenRows.sorted(table),
          OutputFiles.jsonLines(out.resolve("curated").resolve(table)),
          table + ": curated JSON Lines equal the golden file");
      assertEquals(
          GoldenRows.sorted(table),
          LakeRows.embedded(out).batchView(Table.fromId(table)),
          table
              + ": the Iceberg batch view, written by the cluster's workers, equals the golden file");
    }
  }

  /** The state of the completed application named {@code appName} in the master's web UI JSON. */
  private static String appState(String appName) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + MASTER_UI + "/json/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    for (JsonNode app : new ObjectMapper().readTree(response.body()).path("completedapps")) {
      if (appName.equals(app.path("name").asText())) {
        return app.path("state").asText();
      }
    }
    return fail("no completed application " + appName + " in " + response.body());
  }
}
