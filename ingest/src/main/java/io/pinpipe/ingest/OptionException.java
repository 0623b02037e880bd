package io.pinpipe.ingest;

/** A bad command-line option; its message names the option and says what to pass instead. */
public final class OptionException extends Exception {
  private static final long serialVersionUID = 1L;

  public OptionException(String message) {
    super(message);
  }
}
