package io.pinpipe.options;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Kafka client settings (security.protocol, sasl.*, ssl.*) in a Java properties file, as every
 * pinpipe command that talks to Kafka takes them.
 */
public final class KafkaPropertiesFile {
  private KafkaPropertiesFile() {}

  /** The settings in {@code file}, named by {@code --option}. */
  public static Properties load(String option, String file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new InvalidOptionException(option, "no such file: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidOptionException(
          option, "cannot read " + file + " as Java properties: " + e.getMessage());
    }
    return properties;
  }
}
