package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How to reach a Kafka cluster: its bootstrap servers and, for TLS/SASL, the client settings. */
public interface KafkaClientOptions extends PipelineOptions {
  @Description("Kafka bootstrap servers, host:port[,host:port...]")
  String getKafkaBootstrap();

  void setKafkaBootstrap(String value);

  @Description(
      "Java properties file of Kafka client settings for a secured cluster (security.protocol, "
          + "sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...). Secrets stay in the file, off the command line.")
  String getKafkaPropertiesFile();

  void setKafkaPropertiesFile(String value);
}
