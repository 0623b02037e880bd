package io.pinpipe.pipelines.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bin/pinpipe-stack up} leaves what the README's first commands need: the Kafka topics
 * {@code <prefix>.{pin,geo,user}} (the ingest API answers 404 for a missing topic) and the buckets
 * of its S3 examples, each created when missing and left alone when present.
 */
class StackDefaultsTest {

  @Test
  void upCreatesTheDefaultTopicsAndBuckets() throws Exception {
    LocalStack.up("kafka", "s3");
    try (Admin admin =
            Admin.create(Map.<String, Object>of("bootstrap.servers", LocalStack.kafkaBootstrap()));
        S3Client s3 = LocalStack.s3Client()) {
      assertTrue(
          admin
              .listTopics()
              .names()
              .get()
              .containsAll(Set.of("pinpipe.pin", "pinpipe.geo", "pinpipe.user")));
      for (String bucket : List.of("landing", "warehouse")) {
        s3.headBucket(b -> b.bucket(bucket));
      }
    }
  }

  @Test
  void upCreatesMissingTopicsWithTheGivenPartitionsAndBucketsIdempotently() throws Exception {
    String prefix = "stack-defaults-" + UUID.randomUUID().toString().substring(0, 8);
    String bucket = prefix + "-bucket";
    Map<String, String> environment =
        Map.of(
            "PINPIPE_KAFKA_TOPIC_PREFIX",
            prefix,
            "PINPIPE_KAFKA_PARTITIONS",
            "2",
            "PINPIPE_S3_BUCKETS",
            bucket);
    List<String> topics = List.of(prefix + ".pin", prefix + ".geo", prefix + ".user");
    try (Admin admin =
            Admin.create(Map.<String, Object>of("bootstrap.servers", LocalStack.kafkaBootstrap()));
        S3Client s3 = LocalStack.s3Client()) {
      try {
        LocalStack.up(environment, "kafka", "s3");
        LocalStack.up(environment, "kafka", "s3"); // again: everything there, nothing fails
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get();
        for (String topic : topics) {
          assertEquals(2, described.get(topic).partitions().size(), topic);
        }
        s3.headBucket(b -> b.bucket(bucket));
      } finally {
        admin.deleteTopics(topics);
        try {
          s3.deleteBucket(b -> b.bucket(bucket));
        } catch (RuntimeException missing) {
          // not created: the assertions above say why
        }
      }
    }
  }
}
