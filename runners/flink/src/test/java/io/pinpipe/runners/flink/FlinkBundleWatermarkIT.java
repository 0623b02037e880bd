package io.pinpipe.runners.flink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.stream.StreamPipeline;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows fire while input keeps flowing with bundles of many elements (Beam's own bundle settings:
 * up to 1000 elements or 1 s). Beam 2.70's DoFnOperator held a watermark that arrived during a
 * bundle until one happened to arrive between two bundles, which under steady input is seldom: the
 * windows then came out only when the input stopped. Runner jar and this test use pinpipe's patched
 * operator (see its source); without it the first window is not written while the producer runs.
 */
class FlinkBundleWatermarkIT {
  /** At most this long the producer keeps sending (the pin sample rows last about 28 s). */
  private static final long SENDING_MILLIS = 45_000;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka");
  }

  @Test
  void windowsAreWrittenWhileInputKeepsFlowing() throws Exception {
    String bootstrap = LocalStack.kafkaBootstrap();
    String prefix = "fb-" + UUID.randomUUID().toString().substring(0, 8);
    LocalStack.createTopics(bootstrap, prefix, 1);
    Path out = work.resolve("lake");
    StreamPipeline.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=1",
                "--checkpointingInterval=60000",
                "--attachedMode=false",
                "--maxBundleSize=1000",
                "--maxBundleTimeMills=1000",
                "--kafkaBootstrap=" + bootstrap,
                "--topicPrefix=" + prefix,
                "--output=" + out,
                "--outputFormat=jsonl",
                "--numShards=1",
                "--window=2s",
                "--maxDelay=1s")
            .as(StreamPipeline.Options.class);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.buildPipeline(pipeline, options);

    PipelineResult result = pipeline.run();
    AtomicBoolean sending = new AtomicBoolean(true);
    long firstSent;
    long firstWritten = -1;
    long sentFor;
    try (KafkaProducer<String, String> producer = LocalStack.stringProducer(bootstrap)) {
      List<String> rows = RealRows.lines(Table.PIN.id());
      firstSent = System.currentTimeMillis();
      Thread sender =
          new Thread(
              () -> {
                // 200 events/s: each row once (de-duplication would drop a repeat), then stop.
                for (int i = 0;
                    i < rows.size() && System.currentTimeMillis() - firstSent < SENDING_MILLIS;
                    i++) {
                  producer.send(new ProducerRecord<>(Table.PIN.topic(prefix), rows.get(i)));
                  long due = firstSent + (i + 1) * 5L;
                  long wait = due - System.currentTimeMillis();
                  if (wait > 0) {
                    try {
                      Thread.sleep(wait);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
                sending.set(false);
              });
      sender.start();
      while (sending.get() && firstWritten < 0) {
        if (!OutputFiles.jsonLinesBelow(out.resolve("curated-stream")).isEmpty()) {
          firstWritten = System.currentTimeMillis();
        }
        Thread.sleep(200);
      }
      sender.interrupt();
      sender.join();
      sentFor = System.currentTimeMillis() - firstSent;
    } finally {
      result.cancel();
    }
    assertTrue(
        firstWritten > 0,
        "no window was written in the "
            + sentFor / 1000
            + " s the input kept flowing (the watermark waited behind open bundles)");
    System.out.printf(
        "bundles of up to 1000: the first window was written %.1f s after the first record%n",
        (firstWritten - firstSent) / 1000.0);
  }
}
