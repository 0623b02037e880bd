package io.pinpipe.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Passwords and keys come from files (or the environment), never from the command line. */
public final class SecretFiles {
  private SecretFiles() {}

  /** The first line of {@code file}, named by {@code --option}, without trailing whitespace. */
  public static String firstLine(String option, String file) {
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      return (newline < 0 ? text : text.substring(0, newline)).stripTrailing();
    } catch (NoSuchFileException e) {
      throw new InvalidOptionException(option, "no such file: " + file);
    } catch (IOException e) {
      throw new InvalidOptionException(option, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
