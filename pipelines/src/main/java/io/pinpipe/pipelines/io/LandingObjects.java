package io.pinpipe.pipelines.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Names and reads the raw landing objects of wire-formats.md §4: {@code
 * <root>/topics/<topic>/partition=<p>/<topic>+<p>+<startOffset, 10 digits>.json}.
 */
public final class LandingObjects {
  private LandingObjects() {}

  public static String directory(String root, String topic, int partition) {
    return OutputPaths.join(root, "topics/" + topic + "/partition=" + partition + "/");
  }

  public static String name(String topic, int partition, long startOffset) {
    return String.format("%s+%d+%010d.json", topic, partition, startOffset);
  }

  /**
   * The start offset and record count of the newest object of a partition, or {@code null} when
   * nothing has landed.
   */
  public static long[] newest(String root, String topic, int partition) throws IOException {
    String pattern = directory(root, topic, partition) + topic + "+" + partition + "+*.json";
    MatchResult match = FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() != MatchResult.Status.OK) {
      return null;
    }
    Pattern name = Pattern.compile(Pattern.quote(topic + "+" + partition + "+") + "(\\d+)\\.json");
    long newest = -1;
    MatchResult.Metadata newestObject = null;
    for (MatchResult.Metadata object : match.metadata()) {
      Matcher m = name.matcher(object.resourceId().getFilename());
      if (m.matches() && Long.parseLong(m.group(1)) > newest) {
        newest = Long.parseLong(m.group(1));
        newestObject = object;
      }
    }
    if (newestObject == null) {
      return null;
    }
    return new long[] {newest, countRecords(newestObject)};
  }

  private static long countRecords(MatchResult.Metadata object) throws IOException {
    long lines = 0;
    try (InputStream in =
        new BufferedInputStream(
            Channels.newInputStream(FileSystems.open(object.resourceId())), 1 << 16)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return lines;
  }
}
