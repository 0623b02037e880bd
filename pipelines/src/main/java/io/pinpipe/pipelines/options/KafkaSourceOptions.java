package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Description;

/** A Kafka cluster and the topics of the three tables. */
public interface KafkaSourceOptions extends KafkaClientOptions, TopicOptions {
  @Description(
      "Comma-separated topics to read; by default <topicPrefix>.pin,<topicPrefix>.geo,<topicPrefix>.user")
  String getTopics();

  void setTopics(String value);
}
