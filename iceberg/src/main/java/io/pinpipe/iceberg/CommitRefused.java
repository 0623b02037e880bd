package io.pinpipe.iceberg;

/**
 * A batch run that would replace a view with one covering less input ({@link InputCoverage});
 * thrown by the committer before it commits any table, so every table keeps its current snapshot.
 * The message is one line that names the table, both counts and the option that overrides.
 */
public final class CommitRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommitRefused(String message) {
    super(message);
  }

  /**
   * The refusal's message if {@code failure}, as a runner reports it (wrapped, or as text), is one;
   * else null.
   */
  public static @org.checkerframework.checker.nullness.qual.Nullable String find(
      Throwable failure) {
    for (Throwable cause = failure;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof CommitRefused) {
        return cause.getMessage();
      }
      String text = String.valueOf(cause);
      int at = text.indexOf(CommitRefused.class.getName() + ": ");
      if (at >= 0) { // Flink and Spark may hand back only the text of a task's exception
        String message = text.substring(at + CommitRefused.class.getName().length() + 2);
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
      }
    }
    return null;
  }
}
