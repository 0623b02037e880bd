package io.pinpipe.pipelines.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.io.Lake;
import io.pinpipe.pipelines.io.PathStyleS3ClientBuilderFactory;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code clean} with s3:// input and output on a real S3 API server (S3Proxy, in this JVM, over
 * HTTP on loopback) through Beam's aws2 S3 filesystem: the same curated rows as from a local
 * folder, and the same file names.
 */
class CleanOverS3Test {
  // Credentials of the throw-away local server only.
  private static final String IDENTITY = "local-identity";
  private static final String CREDENTIAL = "local-credential";
  private static final String BUCKET = "pinpipe-test";

  private static S3Proxy server;
  private static S3Client s3;
  private static String endpoint;

  @BeforeAll
  static void startS3() throws Exception {
    BlobStoreContext blobs =
        ContextBuilder.newBuilder("transient")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    server =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
            .ignoreUnknownHeaders(true)
            .build();
    server.start();
    while (!server.getState().equals("STARTED")) {
      Thread.sleep(20);
    }
    endpoint = "http://127.0.0.1:" + server.getPort();
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
            .build();
    s3.createBucket(b -> b.bucket(BUCKET));
    for (Table table : Table.values()) {
      String topic = "pinpipe." + table.id();
      List<String> rows = RealRows.lines(table.id());
      for (int start = 0; start < rows.size(); start += 4000) {
        String body =
            String.join("\n", rows.subList(start, Math.min(rows.size(), start + 4000))) + "\n";
        String key =
            "landing/topics/" + topic + "/partition=0/" + LandingZone.objectName(topic, 0, start);
        s3.putObject(
            p -> p.bucket(BUCKET).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
      }
    }
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
    server.stop();
  }

  @Test
  void cleanReadsAndWritesS3LikeALocalFolder() throws Exception {
    CleanPipeline.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--input=s3://" + BUCKET + "/landing",
                "--output=s3://" + BUCKET + "/lake",
                "--outputFormat=iceberg,parquet,jsonl",
                // Iceberg's JDBC catalog on an in-memory H2 database: the tables' data and metadata
                // on S3.
                "--catalog=jdbc",
                "--catalogUri=jdbc:h2:mem:s3-lake;DB_CLOSE_DELAY=-1",
                "--warehouse=s3://" + BUCKET + "/warehouse",
                "--numShards=2",
                "--awsRegion=us-east-1",
                "--endpoint=" + endpoint,
                "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
                    + IDENTITY
                    + "\",\"secretAccessKey\":\""
                    + CREDENTIAL
                    + "\"}",
                "--s3ClientFactoryClass=" + PathStyleS3ClientBuilderFactory.class.getName())
            .as(CleanPipeline.Options.class);
    RunReport report = CleanPipeline.run(options);
    LakeRows lake = LakeRows.of(Lake.from(options, options.getOutput()).catalog);

    for (Table table : Table.values()) {
      assertEquals(RealRows.lines(table.id()).size(), report.get(table).curatedAfterDedup);
      String prefix = "lake/curated/" + table.id() + "/";
      List<String> names = new ArrayList<>();
      List<String> lines = new ArrayList<>();
      for (S3Object object :
          s3.listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix(prefix)).contents()) {
        String name = object.key().substring(prefix.length());
        names.add(name);
        if (name.endsWith(".jsonl")) {
          String text = s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(object.key())).asUtf8String();
          lines.addAll(List.of(text.split("\n")));
        }
      }
      Collections.sort(names);
      Collections.sort(lines);
      assertEquals(
          List.of(
              "part-00000-of-00002.jsonl",
              "part-00000-of-00002.parquet",
              "part-00001-of-00002.jsonl",
              "part-00001-of-00002.parquet"),
          names,
          table.id());
      assertEquals(CleanPipelineTest.golden(table), lines, table.id());
      assertEquals(
          CleanPipelineTest.golden(table),
          lake.batchView(table),
          table.id() + " Iceberg batch view");
      assertFalse(
          s3.listObjectsV2(
                  l -> l.bucket(BUCKET).prefix("warehouse/pinpipe/" + table.id() + "/data/"))
              .contents()
              .isEmpty(),
          table.id() + ": its data files are on S3");
    }
  }

  @Test
  void anUnknownBucketIsRefusedAtLaunchNamingTheOutput() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int exit =
        io.pinpipe.pipelines.cli.Cli.execute(
            "clean",
            new String[] {
              "--runner=DirectRunner",
              "--input=s3://" + BUCKET + "/landing",
              "--output=s3://no-such-bucket/lake",
              "--awsRegion=us-east-1",
              "--endpoint=" + endpoint,
              "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
                  + IDENTITY
                  + "\",\"secretAccessKey\":\""
                  + CREDENTIAL
                  + "\"}",
              "--s3ClientFactoryClass=" + PathStyleS3ClientBuilderFactory.class.getName()
            },
            CleanPipeline.Options.class,
            CleanPipeline::run,
            new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(io.pinpipe.pipelines.cli.Cli.BAD_OPTIONS, exit, line);
    assertEquals(1, line.lines().count(), line);
    org.junit.jupiter.api.Assertions.assertTrue(
        line.startsWith("pinpipe clean: --output: cannot write under s3://no-such-bucket/lake: "),
        line);
    org.junit.jupiter.api.Assertions.assertTrue(
        line.contains("NoSuchBucket") || line.contains("bucket does not exist"), line);
  }
}
