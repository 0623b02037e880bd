package io.pinpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak RSS of a child process, read while it still runs (Linux /proc; absent
 * elsewhere, then RSS is 0 and reported as "-").
 */
record ChildUsage(double cpuSeconds, long peakRssBytes) {
  static final ChildUsage NONE = new ChildUsage(0, 0);

  static ChildUsage of(Process process) {
    double cpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    long rss = 0;
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no /proc, or the process has just ended
    }
    return new ChildUsage(cpu, rss);
  }

  /**
   * The larger of each figure: a child sampled repeatedly, whose last sample may be after its end.
   */
  ChildUsage max(ChildUsage other) {
    return new ChildUsage(
        Math.max(cpuSeconds, other.cpuSeconds), Math.max(peakRssBytes, other.peakRssBytes));
  }
}
