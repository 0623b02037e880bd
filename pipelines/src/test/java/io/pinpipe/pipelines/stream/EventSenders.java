package io.pinpipe.pipelines.stream;

import io.pinpipe.pipelines.LocalStack;
import io.pinpipe.transforms.model.Table;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Puts posting events on the stack's real Kafka topics or kinesis-local streams of one prefix, and
 * the {@code stream} options that read them back. Kafka's pin topic has three partitions: its
 * records are spread over the first two and the third never gets one (a partition the producer's
 * partitioner never picked must not hold the topic's windows back); Kinesis's pin stream has two
 * shards.
 *
 * <p>Copies of one payload go to the same partition or shard, as a producer's retry does: the speed
 * layer keeps the first copy it reads, and of copies in two partitions that depends on how the
 * reads interleave, so a replay after a restart may keep the other one, in the next window
 * (docs/design.md, "Known limits"). Tests that compare a restart's files with the first run's rely
 * on this.
 */
public final class EventSenders {
  private EventSenders() {}

  /** Puts one event payload on a table's topic or stream. */
  public interface Sender extends AutoCloseable {
    void send(Table table, String payload) throws Exception;

    @Override
    void close();
  }

  /** Creates the topics or streams of {@code prefix} on first use and returns a sender for them. */
  public static Sender open(String source, String prefix) throws Exception {
    return source.equals("kafka") ? kafka(prefix) : kinesis(prefix);
  }

  /**
   * The arguments of a test's {@code stream} on the DirectRunner from the stack's {@code source}
   * under {@code prefix} into {@code output}: 2 s windows, 1 s allowed lateness, then {@code more}.
   */
  public static List<String> directStreamArgs(
      String source, String prefix, java.nio.file.Path output, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--source=" + source,
                "--topicPrefix=" + prefix,
                "--output=" + output,
                "--window=2s",
                "--maxDelay=1s"));
    args.addAll(List.of(more));
    args.addAll(sourceOptions(source));
    return args;
  }

  /** The {@code stream} options that point {@code --source=<source>} at the stack. */
  public static List<String> sourceOptions(String source) {
    if (source.equals("kafka")) {
      return List.of("--kafkaBootstrap=" + LocalStack.kafkaBootstrap());
    }
    return List.of(
        "--kinesisEndpoint=" + LocalStack.kinesisEndpoint(),
        "--awsRegion=us-east-1",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"000000000000\",\"secretAccessKey\":\"local\"}");
  }

  private static Sender kafka(String prefix) throws Exception {
    LocalStack.createTopics(LocalStack.kafkaBootstrap(), prefix, 3);
    KafkaProducer<String, String> producer = producer();
    return new Sender() {
      @Override
      public void send(Table table, String payload) throws Exception {
        Integer partition = table == Table.PIN ? Math.floorMod(payload.hashCode(), 2) : null;
        producer
            .send(new ProducerRecord<>(prefix + "." + table.id(), partition, null, payload))
            .get();
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  private static Sender kinesis(String prefix) throws Exception {
    KinesisClient kinesis = LocalStack.kinesisClient();
    LocalStack.createStreams(kinesis, prefix, 2);
    return new Sender() {
      @Override
      public void send(Table table, String payload) {
        kinesis.putRecord(
            b ->
                b.streamName(table.stream(prefix))
                    .partitionKey(String.valueOf(payload.hashCode()))
                    .data(SdkBytes.fromUtf8String(payload)));
      }

      @Override
      public void close() {
        kinesis.close();
      }
    };
  }

  private static KafkaProducer<String, String> producer() {
    return LocalStack.stringProducer(LocalStack.kafkaBootstrap());
  }
}
