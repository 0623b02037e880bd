package io.pinpipe.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which protocol a path speaks, and so which error body its clients parse: the REST Proxy's {@code
 * {"error_code", "message"}} or the Kinesis proxy's {@code {"message", "__type"}}.
 */
enum RouteFamily {
  KAFKA,
  KINESIS;

  static RouteFamily of(String path) {
    return path.equals("/streams") || path.startsWith("/streams/") ? KINESIS : KAFKA;
  }

  /**
   * An error reply. {@code restProxyCode} is the REST Proxy error code (e.g. 40401), {@code
   * kinesisType} the Kinesis error name (e.g. ResourceNotFoundException); each family uses its own.
   */
  Reply error(int status, int restProxyCode, String kinesisType, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    if (this == KAFKA) {
      body.put("error_code", restProxyCode);
      body.put("message", message);
      return Reply.kafka(status, body);
    }
    body.put("message", message);
    body.put("__type", kinesisType);
    return Reply.json(status, body);
  }
}
