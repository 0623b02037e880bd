package io.pinpipe.transforms.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pinpipe.transforms.model.DeadLetter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON Lines form of a dead-letter record, with the keys of cleaning.md §7. */
public final class DeadLetterJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private DeadLetterJson() {}

  public static String toJson(DeadLetter deadLetter) {
    StringWriter out = new StringWriter(deadLetter.payload.length() + 256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("table", deadLetter.table);
      json.writeStringField("source", deadLetter.source);
      json.writeStringField("payload", deadLetter.payload);
      json.writeStringField("error", deadLetter.error);
      json.writeStringField("pipeline", deadLetter.pipeline);
      json.writeStringField("failed_at", deadLetter.failedAt);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
