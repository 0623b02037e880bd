package io.pinpipe.emulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.pinpipe.options.Choices;

/** The Ingest API's route family the emulator posts through ({@code --apiRoutes}). */
public enum ApiRoutes {
  /** {@code POST /topics/<topicPrefix>.<table>}, REST Proxy v2. */
  KAFKA,
  /** {@code PUT /streams/streaming-<topicPrefix>-<table>/record}, the Kinesis proxy route. */
  KINESIS;

  @JsonCreator
  public static ApiRoutes of(String text) {
    return Choices.of(ApiRoutes.class, text);
  }
}
