package io.pinpipe.options;

/** A command-line option with a value the pipeline cannot use; the message names the option. */
public final class InvalidOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidOptionException(String option, String problem) {
    super("--" + option + ": " + problem);
  }

  /** Returns {@code value}, or fails saying the option is missing and what it expects. */
  public static String required(String option, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw new InvalidOptionException(option, "missing: expected " + expected);
    }
    return value;
  }
}
