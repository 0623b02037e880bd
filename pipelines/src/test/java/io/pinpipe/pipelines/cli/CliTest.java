package io.pinpipe.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.io.OutputFormat;
import io.pinpipe.pipelines.land.LandPipeline;
import io.pinpipe.pipelines.stream.StreamPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bad options get one line naming the option and exit code 2; --help lists options with defaults.
 */
class CliTest {
  @TempDir Path work;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int clean(String... args) {
    return Cli.execute(
        "clean",
        args,
        CleanPipeline.Options.class,
        CleanPipeline::run,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errorLine() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--source=ftp --output=OUT|--source: expected raw or jdbc, got 'ftp'",
        "--source=raw --output=OUT|--input: missing",
        "--source=raw --input=IN|--output: missing",
        "--source=raw --input=IN --output=OUT --outputFormat=csv|--outputFormat: unknown format 'csv'",
        "--source=raw --input=IN --output=OUT --numShards=0|--numShards: must be at least 1",
        "--source=raw --input=IN --output=OUT --topicPrefix=Bad_Prefix|--topicPrefix: expected [a-z0-9-]+",
        "--source=jdbc --output=OUT|--jdbcUrl: required with --source=jdbc",
        "--source=jdbc --jdbcUrl=jdbc:nosuchdb://x --output=OUT|--jdbcUrl: no JDBC driver",
        "--source=jdbc --jdbcUrl=jdbc:h2:mem:x --jdbcPasswordFile=/no/such/file --output=OUT|--jdbcPasswordFile: no such file",
        "--source=jdbc --jdbcUrl=jdbc:mariadb://127.0.0.1:1/x --output=OUT|--jdbcUrl: cannot connect",
        "--numShards=many|numShards",
        "--noSuchOption=1|noSuchOption",
      })
  void badOptionsPrintOneLineNamingTheOptionAndExitTwo(String args, String expected) {
    String[] argv =
        args.replace("OUT", work.resolve("out").toString())
            .replace("IN", work.toString())
            .split(" ");
    assertEquals(Cli.BAD_OPTIONS, clean(argv), errorLine());
    assertTrue(errorLine().startsWith("pinpipe clean: "), errorLine());
    assertTrue(errorLine().contains(expected), errorLine());
    assertEquals(1, errorLine().lines().count(), errorLine());
  }

  @Test
  void helpListsThePipelinesOwnOptionsWithDefaults() {
    assertEquals(Cli.OK, clean("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("--source"), help);
    assertTrue(help.contains("(default: raw)"), help);
    assertTrue(help.contains("--outputFormat"), help);
    assertTrue(help.contains("(default: iceberg)"), help);
    assertTrue(help.contains("--jdbcPasswordEnv"), help);
    assertTrue(help.contains("--runner"), help);
  }

  private <T extends PipelineOptions> int run(String command, Class<T> options, String... args) {
    return Cli.execute(
        command,
        args,
        options,
        parsed -> {},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aChoiceOutsideItsValuesListsThemInOneLine() {
    assertEquals(Cli.BAD_OPTIONS, run("land", LandPipeline.Options.class, "--mode=sideways"));
    assertEquals("pinpipe land: --mode: expected batch or stream, got 'sideways'", errorLine());
    err.reset();
    assertEquals(
        Cli.BAD_OPTIONS, run("stream", StreamPipeline.Options.class, "--initialPosition=now"));
    assertEquals(
        "pinpipe stream: --initialPosition: expected trim_horizon or latest, got 'now'",
        errorLine());
    err.reset();
    assertEquals(
        Cli.BAD_OPTIONS, run("analytics", AnalyticsPipeline.Options.class, "--inputFormat=csv"));
    assertEquals(
        "pinpipe analytics: --inputFormat: expected iceberg, parquet or jsonl, got 'csv'",
        errorLine());
  }

  @Test
  void choicesAreTypedTakeAnyCaseAndEachCommandKeepsItsOwnDefault() {
    // clean's and stream's --source are different enums with different defaults, in one JVM.
    assertEquals(
        CleanPipeline.Source.RAW,
        PipelineOptionsFactory.fromArgs().as(CleanPipeline.Options.class).getSource());
    assertEquals(
        StreamPipeline.Source.KAFKA,
        PipelineOptionsFactory.fromArgs().as(StreamPipeline.Options.class).getSource());
    assertEquals(
        CleanPipeline.Source.JDBC,
        PipelineOptionsFactory.fromArgs("--source=JDBC")
            .as(CleanPipeline.Options.class)
            .getSource());
    assertEquals(
        StreamPipeline.Source.KINESIS,
        PipelineOptionsFactory.fromArgs("--source=kinesis")
            .as(StreamPipeline.Options.class)
            .getSource());
    assertEquals(
        OutputFormat.PARQUET,
        PipelineOptionsFactory.fromArgs("--inputFormat=parquet")
            .as(AnalyticsPipeline.Options.class)
            .getInputFormat());
    assertEquals(Cli.OK, run("clean", CleanPipeline.Options.class, "--source=jdbc"));
    assertEquals(Cli.OK, run("stream", StreamPipeline.Options.class, "--source=kinesis"));
  }

  @Test
  void aFailedRunNamesTheAwsServiceAndTheEndpointItCouldNotReach() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closedPort;
    int exit =
        Cli.execute(
            "clean",
            new String[] {"--endpoint=" + endpoint, "--awsRegion=us-east-1"},
            CleanPipeline.Options.class,
            options -> {
              // A real client's failure: its stack says which service threw.
              try (S3Client s3 =
                  S3Client.builder()
                      .endpointOverride(URI.create(endpoint))
                      .region(Region.US_EAST_1)
                      .credentialsProvider(AnonymousCredentialsProvider.create())
                      .build()) {
                s3.headBucket(b -> b.bucket("lake"));
              } catch (SdkException e) {
                throw new PipelineExecutionException(e);
              }
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Cli.FAILED, exit);
    assertTrue(
        errorLine()
            .startsWith("pinpipe clean: the pipeline failed: S3 at " + endpoint + " failed: "),
        errorLine());
  }
}
