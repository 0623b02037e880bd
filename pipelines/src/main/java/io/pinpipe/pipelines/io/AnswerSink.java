package io.pinpipe.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;

/** Small text files under {@code <root>/analytics/}: written atomically, read back whole. */
public final class AnswerSink {
  private AnswerSink() {}

  public static String directory(String root) {
    return OutputPaths.join(root, "analytics/");
  }

  public static void write(String root, String name, String text) throws IOException {
    try (AtomicFile file =
        AtomicFile.create(
            directory(root), name, name.endsWith(".html") ? "text/html" : AtomicFile.text())) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        file.channel().write(bytes);
      }
      file.commit();
    }
  }

  public static String read(String root, String name) throws IOException {
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchNewResource(directory(root) + name, false)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
