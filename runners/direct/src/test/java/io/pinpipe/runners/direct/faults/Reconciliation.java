package io.pinpipe.runners.direct.faults;

/** The one line each fault test prints: what went in, what came out, and where it went. */
final class Reconciliation {
  private Reconciliation() {}

  /**
   * A figure a scenario does not have (no API in the path, no curated layer) is given as -1 and
   * printed as "-".
   */
  static String print(
      String test, long produced, long acknowledged, long landed, long curated, long deadLettered) {
    String line =
        String.format(
            "RECONCILIATION %s: produced=%s acknowledged=%s landed=%s curated=%s dead-lettered=%s",
            test,
            figure(produced),
            figure(acknowledged),
            figure(landed),
            figure(curated),
            figure(deadLettered));
    System.out.println(line);
    return line;
  }

  /**
   * The line of a test of the curated tables: records read from the input, rows the tables hold
   * after the test (curated, dead-lettered), and what the fault left ({@code detail}, {@code k=v
   * ...}).
   */
  static String printTables(
      String test, long read, long curated, long deadLettered, String detail) {
    String line =
        String.format(
            "RECONCILIATION %s: read=%s curated=%s dead-lettered=%s %s",
            test, figure(read), figure(curated), figure(deadLettered), detail);
    System.out.println(line);
    return line;
  }

  private static String figure(long value) {
    return value < 0 ? "-" : Long.toString(value);
  }
}
