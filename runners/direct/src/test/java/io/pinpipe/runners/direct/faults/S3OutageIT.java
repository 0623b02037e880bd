package io.pinpipe.runners.direct.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 server (our own S3Proxy) is stopped for 10 s (15 s for the tables) while {@code clean}
 * writes its curated tables to it. The run either retries through the outage and completes, or
 * fails with an error naming the unreachable endpoint; then a rerun completes. Either way the
 * output ends with every row once. Once for the file exports, once for the Iceberg tables (each
 * table at its previous snapshot or the whole new run).
 */
class S3OutageIT {
  // Longer than a write's first retries; either outcome (retried through, or a clear failure and a
  // rerun) is checked.
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final Duration ICEBERG_OUTAGE = Duration.ofSeconds(15);

  @TempDir Path work;

  /** A private S3Proxy, so stopping it never touches the shared one. */
  @RegisterExtension static final Extension S3 = PrivateStack.forTheClass("s3");

  @Test
  @Timeout(420)
  void anOutageDuringTheWriteEndsInCompleteOutputWithoutDuplicates() throws Exception {
    String bucket = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    Path landing = work.resolve("landing");
    long produced = 0;
    for (String table : List.of("pin", "geo", "user")) {
      LandingZone.write(landing, "pinpipe." + table, RealRows.lines(table), 1000);
      produced += RealRows.lines(table).size();
    }
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    List<String> clean =
        List.of(
            "clean",
            "--source=raw",
            "--input=" + landing,
            "--output=s3://" + bucket + "/lake",
            "--outputFormat=jsonl",
            "--awsRegion=us-east-1",
            "--endpoint=" + PrivateStack.s3Endpoint(),
            "--s3ClientFactoryClass=io.pinpipe.pipelines.io.PathStyleS3ClientBuilderFactory",
            "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"local-identity\",\"secretAccessKey\":\"local-credential\"}");

    JarProcess first = JarProcess.start(work, "clean-1", clean);
    Path bucketDir = PrivateStack.DIR.resolve("s3proxy/data").resolve(bucket);
    try {
      // "During a write": the moment the first object of the output appears in the server's store.
      // The curated exports, not the launch check's probe object under lake/.
      CrashRestartIT.await(
          240,
          () -> !first.process.isAlive() || hasFiles(bucketDir.resolve("lake/curated")),
          () -> "no output ever written");
      assertTrue(
          first.process.isAlive(),
          "the run was still writing when the outage began:\n" + first.output());
      PrivateStack.down("s3");
      Thread.sleep(OUTAGE.toMillis());
    } finally {
      PrivateStack.up("s3");
    }
    assertTrue(
        first.process.waitFor(4, java.util.concurrent.TimeUnit.MINUTES),
        "the run ended (no hang after the outage)");
    int firstExit = first.process.exitValue();
    String firstOutput = first.output();
    System.out.printf(
        "s3 outage: the run during the outage exited %d%n%s%n", firstExit, tail(firstOutput));
    if (firstExit != 0) {
      assertEquals(1, firstExit, "a failed run exits 1:\n" + firstOutput);
      assertTrue(
          firstOutput.contains("127.0.0.1:" + PrivateStack.S3_PORT),
          "the error names the S3 endpoint it could not reach:\n" + tail(firstOutput));
      int rerun = JarProcess.run(work, "clean-2", Duration.ofMinutes(4), clean);
      assertEquals(0, rerun, "the rerun after the outage completes");
    }

    long curated = 0;
    long deadLettered = 0;
    long hidden = 0;
    try (S3Client s3 = client()) {
      for (String table : List.of("pin", "geo", "user")) {
        List<String> rows = new ArrayList<>();
        for (S3Object object :
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("lake/curated/" + table + "/"))
                .contents()) {
          String name = object.key().substring(object.key().lastIndexOf('/') + 1);
          if (name.startsWith(".")) {
            hidden++;
          } else if (name.endsWith(".jsonl")) {
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                .asUtf8String()
                .lines()
                .forEach(rows::add);
          }
        }
        TreeSet<String> distinct = new TreeSet<>(rows);
        assertEquals(distinct.size(), rows.size(), table + ": no row twice");
        assertEquals(new TreeSet<>(CrashRestartIT.golden(table)), distinct, table + ": every row");
        curated += rows.size();
        for (S3Object object :
            s3.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix("lake/dead-letter/" + table + "/"))
                .contents()) {
          if (!object.key().substring(object.key().lastIndexOf('/') + 1).startsWith(".")) {
            deadLettered +=
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                    .asUtf8String()
                    .lines()
                    .count();
          }
        }
      }
    }
    System.out.printf(
        "s3 outage: %d hidden temporary objects left by the interrupted run%n", hidden);
    Reconciliation.print("s3-outage", produced, -1, produced, curated, deadLettered);
  }

  /**
   * The Iceberg variant: a JDBC catalog on PostgreSQL, the warehouse on the S3Proxy, which is
   * stopped for 30 s once the second run's first data file is in its store. Whether that run fails
   * or retries through, every table ends at its previous snapshot or at the whole new run, never
   * between; a failed run's rerun completes and removes the data files the failed one left.
   */
  @Test
  @Timeout(480)
  void anOutageDuringTheTableWriteLeavesEveryTableAtThePreviousSnapshotOrTheWholeRun()
      throws Exception {
    int first = 300;
    List<String> malformed = List.of("pin", "geo", "user");
    try (JdbcLake lake = JdbcLake.create("s3-outage")) {
      io.pinpipe.pipelines.LakeRows rows = lake.rows();
      Path landingA = CleanCommitKillIT.landing(work.resolve("landing-a"), first, malformed);
      int all = Integer.MAX_VALUE; // every real row of each table
      Path landingB = work.resolve("landing-b");
      for (String table : List.of("pin", "geo", "user")) {
        List<String> lines = new ArrayList<>(RealRows.lines(table));
        lines.add(lines.size() / 2, "not json: dead-lettered");
        LandingZone.write(landingB, "pinpipe." + table, lines, 1000);
      }
      assertEquals(
          0,
          JarProcess.run(
              work,
              "clean-a",
              Duration.ofMinutes(3),
              CleanCommitKillIT.clean(work, lake, landingA)),
          "the good run");
      var atA = lake.states();
      var rowsAtA = CleanCommitKillIT.contents(rows);
      long filesAtA = lake.dataFilesInStore();

      long started = System.nanoTime();
      JarProcess during =
          JarProcess.start(work, "clean-b", CleanCommitKillIT.clean(work, lake, landingB));
      try {
        CrashRestartIT.await(
            240,
            () -> !during.process.isAlive() || lake.dataFilesInStore() > filesAtA,
            () -> "no data file ever written");
        assertTrue(
            during.process.isAlive(),
            "the run was still writing when the outage began:\n" + during.output());
        PrivateStack.down("s3");
        System.out.printf(
            "s3 outage (iceberg): S3Proxy stopped %d s after the start, at the run's first data file%n",
            CleanCommitKillIT.seconds(started));
        Thread.sleep(ICEBERG_OUTAGE.toMillis());
      } finally {
        PrivateStack.up("s3");
      }
      assertTrue(
          during.process.waitFor(4, java.util.concurrent.TimeUnit.MINUTES),
          "the run ended (no hang after the outage)");
      int exit = during.process.exitValue();
      System.out.printf(
          "s3 outage (iceberg): the run during the outage exited %d after %d s%n%s%n",
          exit, CleanCommitKillIT.seconds(started), tail(during.output()));

      var afterOutage = lake.states();
      int atPrevious = 0;
      int atNew = 0;
      for (var id : JdbcLake.batchTables()) {
        if (afterOutage.get(id).current == atA.get(id).current) {
          atPrevious++;
          assertEquals(
              rowsAtA.get(id),
              CleanCommitKillIT.contents(rows, id),
              id + ": still the previous snapshot's rows");
        } else {
          atNew++;
          assertEquals(
              CleanCommitKillIT.expected(id, all, 3),
              CleanCommitKillIT.contents(rows, id),
              id + ": the whole new run");
        }
      }
      System.out.printf(
          "s3 outage (iceberg): after the outage %d tables at the previous snapshot, %d at the new run%n",
          atPrevious, atNew);
      int orphans = 0;
      for (var left : lake.unreferenced().values()) {
        orphans += left.dataFiles.size();
      }
      if (exit != 0) {
        assertEquals(1, exit, "a failed run exits 1:\n" + tail(during.output()));
        assertEquals(
            0,
            JarProcess.run(
                work,
                "clean-c",
                Duration.ofMinutes(4),
                CleanCommitKillIT.clean(work, lake, landingB)),
            "the rerun");
      } else {
        assertEquals(0, atPrevious, "a run that exits 0 committed every table");
      }
      var end = lake.states();
      String lastRun = end.get(JdbcLake.batchTables().get(0)).currentRun;
      long curated = 0;
      long deadLettered = 0;
      var leftAtEnd = lake.unreferenced();
      for (var id : JdbcLake.batchTables()) {
        assertEquals(lastRun, end.get(id).currentRun, id + ": every table at the last run");
        assertEquals(
            end.get(id).runs.size(),
            new java.util.HashSet<>(end.get(id).runs).size(),
            id + ": each run once: " + end.get(id).runs);
        List<String> now = CleanCommitKillIT.contents(rows, id);
        assertEquals(CleanCommitKillIT.expected(id, all, 3), now, id + ": every row once");
        if (id.equals(JdbcLake.TABLES.deadLetters())) {
          deadLettered += now.size();
        } else {
          curated += now.size();
        }
        if (exit != 0) {
          assertEquals(
              List.of(),
              leftAtEnd.get(id).dataFiles,
              id + ": the failed run's data files are removed by the rerun");
        }
      }
      long read = 0;
      for (String table : List.of("pin", "geo", "user")) {
        read += RealRows.lines(table).size() + 1;
      }
      assertEquals(read, curated + deadLettered, "read = curated + dead-lettered");
      Reconciliation.printTables(
          "s3-outage/iceberg",
          read,
          curated,
          deadLettered,
          String.format(
              "outage-run-exit=%d at-previous-snapshot=%d at-new-run=%d orphans-after-outage=%d reran=%s",
              exit, atPrevious, atNew, orphans, exit != 0));
    }
  }

  private static boolean hasFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      // Not the launch check's probe object: the outage is to hit the run's own writes.
      return paths.anyMatch(
          p ->
              Files.isRegularFile(p)
                  && !p.toString().contains(io.pinpipe.pipelines.io.OutputRoot.PROBE_PREFIX));
    } catch (Exception e) {
      return false;
    }
  }

  private static String tail(String text) {
    return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
  }

  private static S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create(PrivateStack.s3Endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("local-identity", "local-credential")))
        .build();
  }
}
