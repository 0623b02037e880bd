package io.pinpipe.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.apache.beam.sdk.io.kafka.KafkaSourceDescriptor;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listing behind {@code stream}'s reading of partitions added while it runs, against a real
 * broker: each added partition is handed on once, a reader restored from its checkpoint does not
 * hand on again what it had, and a broker it cannot reach is retried without failing the job.
 */
class AddedPartitionsTest {
  private static final Duration INTERVAL = Duration.millis(200);

  @BeforeAll
  static void servers() {
    LocalStack.up("kafka");
  }

  private static AddedPartitions.PartitionListing listing(String bootstrap, String topic)
      throws Exception {
    return new AddedPartitions.PartitionListing(
        bootstrap,
        topic,
        new TreeSet<>(List.of(0)),
        new HashMap<>(),
        INTERVAL,
        SchemaRegistry.createDefault().getSchemaCoder(KafkaSourceDescriptor.class));
  }

  /** Everything the reader hands on within a few listings. */
  private static List<Integer> handedOn(
      UnboundedReader<KafkaSourceDescriptor> reader, boolean start) throws Exception {
    List<Integer> partitions = new ArrayList<>();
    boolean available = start ? reader.start() : reader.advance();
    for (int listing = 0; listing < 5; listing++) {
      while (available) {
        assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, reader.getCurrentTimestamp());
        partitions.add(reader.getCurrent().getTopicPartition().partition());
        available = reader.advance();
      }
      Thread.sleep(INTERVAL.getMillis() + 50);
      available = reader.advance();
    }
    return partitions;
  }

  @Test
  void eachAddedPartitionIsHandedOnOnceAlsoAfterARestore() throws Exception {
    String bootstrap = LocalStack.kafkaBootstrap();
    String topic = "added-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      AddedPartitions.PartitionListing source = listing(bootstrap, topic);
      var options = PipelineOptionsFactory.create();

      var reader = source.createReader(options, null);
      assertEquals(List.of(), handedOn(reader, true), "the launch partition is not handed on");
      assertTrue(
          reader.getWatermark().isAfter(Instant.now()),
          "a listing holds no watermark back while it keeps up");

      admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
      assertEquals(List.of(1, 2), handedOn(reader, false), "the two added partitions, once each");
      AddedPartitions.Seen checkpoint =
          CoderUtils.clone(
              source.getCheckpointMarkCoder(), (AddedPartitions.Seen) reader.getCheckpointMark());
      reader.close();

      var restored = source.createReader(options, checkpoint);
      assertEquals(List.of(), handedOn(restored, true), "restored: nothing handed on again");
      admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get();
      assertEquals(List.of(3), handedOn(restored, false), "a later one, once");
      restored.close();
    }
  }

  @Test
  void aBrokerItCannotReachIsRetriedAndHoldsTheWatermark() throws Exception {
    var reader =
        listing("127.0.0.1:1", "nowhere").createReader(PipelineOptionsFactory.create(), null);
    assertFalse(reader.start(), "nothing to hand on, no failure");
    assertEquals(
        BoundedWindow.TIMESTAMP_MIN_VALUE,
        reader.getWatermark(),
        "no listing yet: the watermark waits for one");
    reader.close();
  }
}
