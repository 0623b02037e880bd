package io.pinpipe.pipelines.options;

import io.pinpipe.options.KafkaPropertiesFile;
import java.util.HashMap;
import java.util.Map;
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
    for (Map.Entry<Object, Object> setting :
        KafkaPropertiesFile.load("kafkaPropertiesFile", file).entrySet()) {
      settings.put(String.valueOf(setting.getKey()), String.valueOf(setting.getValue()));
    }
    return settings;
  }
}
