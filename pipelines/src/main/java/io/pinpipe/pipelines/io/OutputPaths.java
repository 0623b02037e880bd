package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.TableSpec;

/** The folder names of data-model.md ("Names"), under a local or {@code s3://} root alike. */
public final class OutputPaths {
  private OutputPaths() {}

  public static String curated(String root, TableSpec table) {
    return join(root, "curated/" + table.id() + "/");
  }

  /** The speed layer's windowed curated output (data-model.md names the batch folders). */
  public static String curatedStream(String root, TableSpec table) {
    return join(root, "curated-stream/" + table.id() + "/");
  }

  public static String deadLetter(String root, TableSpec table) {
    return join(root, "dead-letter/" + table.id() + "/");
  }

  public static String join(String root, String relative) {
    String base = root.endsWith("/") ? root : root + "/";
    return base + relative;
  }
}
