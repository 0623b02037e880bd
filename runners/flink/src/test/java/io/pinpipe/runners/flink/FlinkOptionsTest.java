package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.stream.StreamPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's own options as the Flink jar takes them: one that cannot work is refused in one line. */
class FlinkOptionsTest {
  @TempDir Path work;

  @Test
  void aStateBackendThatIsNotInTheJarIsRefusedInOneLineBeforeFlinkStarts() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Cli.execute(
            "stream",
            new String[] {
              "--runner=FlinkRunner",
              "--stateBackend=rocksdb",
              "--kafkaBootstrap=127.0.0.1:1",
              "--output=" + work
            },
            StreamPipeline.Options.class,
            StreamPipeline::run,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(Cli.BAD_OPTIONS, exit, line);
    assertEquals(
        "pinpipe stream: --stateBackend: rocksdb is not in pinpipe's Flink jar; use filesystem"
            + " (the default on an embedded Flink) or your cluster's own state.backend",
        line);
  }
}
