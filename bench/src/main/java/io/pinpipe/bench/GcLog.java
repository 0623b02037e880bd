package io.pinpipe.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak heap use of a finished JVM, read from its unified GC log ({@code
 * -Xlog:gc,gc+heap+exit:file=...}): {@code used} is the most the heap ever held (the largest size
 * before a collection, or at exit), {@code live} the most it still held after a collection, which
 * is closer to what the job needs. From the log, not from inside the JVM, so the measured programs
 * need no code for it.
 */
record GcLog(long usedBytes, long liveBytes) {
  // "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 49M->12M(380M) 13.316ms"
  private static final Pattern PAUSE =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");
  // " garbage-first heap   total 229376K, used 112079K [0x..."
  private static final Pattern AT_EXIT = Pattern.compile("\\btotal \\d+K, used (\\d+)K\\b");

  static GcLog parse(List<String> lines) {
    long used = 0;
    long live = 0;
    for (String line : lines) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.find()) {
        used = Math.max(used, bytes(pause.group(1), pause.group(2)));
        live = Math.max(live, bytes(pause.group(3), pause.group(4)));
      }
      Matcher exit = AT_EXIT.matcher(line);
      if (line.contains("gc,heap,exit") && exit.find()) {
        used = Math.max(used, bytes(exit.group(1), "K"));
      }
    }
    return new GcLog(used, live);
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    switch (unit) {
      case "K":
        return n << 10;
      case "M":
        return n << 20;
      default:
        return n << 30;
    }
  }
}
