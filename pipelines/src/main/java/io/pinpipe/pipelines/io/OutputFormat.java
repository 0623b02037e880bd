package io.pinpipe.pipelines.io;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.pinpipe.options.Choices;
import io.pinpipe.options.InvalidOptionException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Outputs of curated tables (cleaning.md §6): Iceberg tables, and Parquet or JSON Lines files as
 * exports.
 */
public enum OutputFormat {
  ICEBERG(""),
  PARQUET(".parquet"),
  JSONL(".jsonl");

  private final String suffix;

  OutputFormat(String suffix) {
    this.suffix = suffix;
  }

  public String suffix() {
    return suffix;
  }

  /** {@code --inputFormat}: one format, in any case. */
  @JsonCreator
  public static OutputFormat of(String text) {
    return Choices.of(OutputFormat.class, text);
  }

  /** True for the plain-file exports. */
  public boolean isFile() {
    return this != ICEBERG;
  }

  /** Parses {@code --outputFormat}, e.g. {@code iceberg} or {@code parquet,jsonl}. */
  public static Set<OutputFormat> parseList(String option, String value) {
    Set<OutputFormat> formats = EnumSet.noneOf(OutputFormat.class);
    for (String part : (value == null ? "" : value).split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      try {
        formats.add(valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionException(
            option,
            "unknown format '"
                + part.trim()
                + "': expected iceberg, parquet or jsonl (comma-separated)");
      }
    }
    if (formats.isEmpty()) {
      throw new InvalidOptionException(
          option, "expected iceberg, parquet or jsonl (comma-separated)");
    }
    return formats;
  }
}
