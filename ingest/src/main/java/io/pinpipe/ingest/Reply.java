package io.pinpipe.ingest;

import java.nio.charset.StandardCharsets;

/** A complete HTTP answer: status, content type and body bytes. */
record Reply(int status, String contentType, byte[] body) {
  static final String JSON = "application/json";
  static final String KAFKA_V2 = "application/vnd.kafka.v2+json";

  static Reply json(int status, Object node) {
    return new Reply(status, JSON, Json.bytes(node));
  }

  static Reply kafka(int status, Object node) {
    return new Reply(status, KAFKA_V2, Json.bytes(node));
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
