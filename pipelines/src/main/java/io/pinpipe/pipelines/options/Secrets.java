package io.pinpipe.pipelines.options;

import io.pinpipe.options.SecretFiles;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Passwords from a file or the environment, never from the command line. */
public final class Secrets {
  private Secrets() {}

  /**
   * The first line of {@code file} (named by option {@code fileOption}) when given, else the value
   * of environment variable {@code envName}, else null.
   */
  public static @Nullable String read(
      String fileOption, @Nullable String file, @Nullable String envName) {
    if (file != null) {
      return SecretFiles.firstLine(fileOption, file);
    }
    return envName == null || envName.isEmpty() ? null : System.getenv(envName);
  }
}
