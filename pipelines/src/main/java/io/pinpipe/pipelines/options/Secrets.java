package io.pinpipe.pipelines.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
      try {
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).stripTrailing();
      } catch (NoSuchFileException e) {
        throw new InvalidOptionException(fileOption, "no such file: " + file);
      } catch (IOException e) {
        throw new InvalidOptionException(fileOption, "cannot read " + file + ": " + e.getMessage());
      }
    }
    return envName == null || envName.isEmpty() ? null : System.getenv(envName);
  }
}
