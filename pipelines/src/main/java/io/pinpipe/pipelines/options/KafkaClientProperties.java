package io.pinpipe.pipelines.options;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Kafka client settings of {@code --kafkaPropertiesFile}, as a map every Kafka client of
 * pinpipe starts from.
 */
public final class KafkaClientProperties {
  private KafkaClientProperties() {}

  /** The settings in {@code file}, or none when no file is given. */
  public static HashMap<String, Object> load(@Nullable String file) {
    HashMap<String, Object> settings = new HashMap<>();
    if (file == null || file.isBlank()) {
      return settings;
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new InvalidOptionException("kafkaPropertiesFile", "no such file: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidOptionException(
          "kafkaPropertiesFile", "cannot read " + file + " as Java properties: " + e.getMessage());
    }
    for (Map.Entry<Object, Object> setting : properties.entrySet()) {
      settings.put(String.valueOf(setting.getKey()), String.valueOf(setting.getValue()));
    }
    return settings;
  }
}
