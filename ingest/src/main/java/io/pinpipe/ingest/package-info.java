/**
 * The Ingest API: an HTTP front door that producers of posting events call instead of talking to
 * Kafka or Kinesis directly. Its Kafka routes are a subset of the Confluent REST Proxy v2, its
 * Kinesis routes those of the original API Gateway proxy ({@code shared/spec/wire-formats.md}
 * §1–§2).
 */
package io.pinpipe.ingest;
