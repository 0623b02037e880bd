package io.pinpipe.pipelines.options;

/** A command-line option with a value the pipeline cannot use; the message names the option. */
public final class InvalidOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidOptionException(String option, String problem) {
    super("--" + option + ": " + problem);
  }
}
