package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar submitted, as a user submits it, to a real Flink 1.19 standalone session cluster
 * (a JobManager and two TaskManagers in JVMs of their own, started by {@code bin/pinpipe-stack up
 * flink}): {@code java -jar pinpipe-flink.jar clean --runner=FlinkRunner
 * --flinkMaster=127.0.0.1:18081 ...}. The cluster's REST API must list the job as FINISHED, so a
 * silent local run cannot pass, and shows where the write stage ran: at the job's parallelism, on
 * both TaskManagers.
 */
class FlinkClusterIT {
  private static final String REST =
      "127.0.0.1:" + System.getenv().getOrDefault("PINPIPE_FLINK_REST_PORT", "18081");

  /** Both TaskManagers' slots (2 × 2). */
  private static final int PARALLELISM = 4;

  private static final List<String> TABLES = List.of("pin", "geo", "user");

  /** The cluster's members: those not up already are started for this class, then stopped. */
  @RegisterExtension
  static final StackServers CLUSTER =
      StackServers.of("flink-jobmanager", "flink-taskmanager", "flink-taskmanager-2");

  @TempDir Path work;

  @Test
  void cleanRunsOnTheClusterAndMatchesTheGoldenFiles() throws Exception {
    Path landing = work.resolve("landing");
    for (String table : TABLES) {
      LandingZone.write(landing, "pinpipe." + table, RealRows.lines(table), 1000);
    }
    // The TaskManager writes straight into this folder: it runs on the same machine.
    Path out = work.resolve("out");
    String jar = System.getProperty("pinpipe.jar");
    String jobName = "pinpipe-flink-cluster-it-" + System.currentTimeMillis();

    List<String> command =
        List.of(
            "java",
            "-jar",
            jar,
            "clean",
            "--runner=FlinkRunner",
            "--flinkMaster=" + REST,
            "--jobName=" + jobName,
            "--parallelism=" + PARALLELISM,
            "--filesToStage=" + jar,
            "--source=raw",
            "--input=" + landing,
            "--output=" + out,
            "--outputFormat=iceberg,jsonl");
    Path log = work.resolve("clean.log");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    assertEquals(0, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));

    JsonNode job = job(jobName);
    assertEquals(
        "FINISHED", job.path("state").asText(), jobName + " ran on the cluster at " + REST);
    // Every table's writers ran at the job's parallelism, spread over both TaskManagers, and wrote
    // one data file each: the write stage follows --parallelism, the file count stays bounded by
    // it.
    JsonNode vertices = rest("/jobs/" + job.path("jid").asText()).path("vertices");
    for (Table table : Table.values()) {
      JsonNode writer = vertex(vertices, "WriteBatchView" + table.stepName());
      assertEquals(PARALLELISM, writer.path("parallelism").asInt(), writer.path("name").asText());
      Set<String> taskManagers = new TreeSet<>();
      for (JsonNode subtask :
          rest("/jobs/" + job.path("jid").asText() + "/vertices/" + writer.path("id").asText())
              .path("subtasks")) {
        taskManagers.add(subtask.path("taskmanager-id").asText());
        assertTrue(
            subtask.path("metrics").path("read-records").asLong() > 0,
            table + ": every writer had rows: " + subtask);
      }
      assertEquals(
          2,
          taskManagers.size(),
          table + ": the writers ran on both TaskManagers: " + taskManagers);
      assertEquals(
          String.valueOf(PARALLELISM),
          LakeRows.embedded(out).batchSummary(table).get("total-data-files"),
          table + ": one data file per writer");
    }
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

  /** The job named {@code jobName} in the cluster's job overview (its jid and state). */
  private static JsonNode job(String jobName) throws Exception {
    JsonNode overview = rest("/jobs/overview");
    for (JsonNode job : overview.path("jobs")) {
      if (jobName.equals(job.path("name").asText())) {
        return job;
      }
    }
    return fail("no job " + jobName + " in " + overview);
  }

  /** The one job vertex whose chain of operators contains the step {@code step}. */
  private static JsonNode vertex(JsonNode vertices, String step) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode vertex : vertices) {
      if (vertex.path("name").asText().contains(step + "/")) {
        found.add(vertex);
      }
    }
    assertEquals(1, found.size(), "one vertex runs " + step + ": " + vertices);
    return found.get(0);
  }

  private static JsonNode rest(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + REST + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return new ObjectMapper().readTree(response.body());
  }
}
