package io.pinpipe.iceberg;

import java.io.Serializable;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What reaches a table's one committer: a data file a worker has written, not yet part of any
 * snapshot, or (with no file) snapshot-summary properties to record with the commit, such as the
 * last source offset per partition that the commit covers. {@code pane} names the unit of
 * exactly-once for appends ({@code <scope>/<window>/<pane>/<shard>}); a batch run replaces whole
 * tables and leaves it empty.
 */
public final class WrittenFile implements Serializable {
  private static final long serialVersionUID = 1L;

  public final String table;
  public final String pane;
  public final @Nullable DataFile file;

  /** Summary properties (no file); several for one property are merged by {@link #newer}. */
  public final java.util.TreeMap<String, String> properties;

  WrittenFile(String table, String pane, @Nullable DataFile file) {
    this(table, pane, file, Map.of());
  }

  private WrittenFile(
      String table, String pane, @Nullable DataFile file, Map<String, String> properties) {
    this.table = table;
    this.pane = pane;
    this.file = file;
    this.properties = new java.util.TreeMap<>(properties);
  }

  static WrittenFile marker(String table) {
    return new WrittenFile(table, "", null);
  }

  /** Properties for the summary of {@code table}'s next commit (e.g. source offsets), no file. */
  public static WrittenFile summary(
      org.apache.iceberg.catalog.TableIdentifier table, Map<String, String> properties) {
    return new WrittenFile(table.toString(), "", null, properties);
  }

  /**
   * Of two values of one summary property, the later position: numbers (offsets, sequence numbers
   * of any length) by value, anything else by text.
   */
  public static String newer(String a, String b) {
    if (isNumber(a) && isNumber(b)) {
      // Offsets and sequence numbers (up to 128 bits): the longer number is larger, else by digits.
      String x = withoutLeadingZeros(a);
      String y = withoutLeadingZeros(b);
      int order =
          x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      return order >= 0 ? a : b;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static boolean isNumber(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String withoutLeadingZeros(String digits) {
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    return digits.substring(start);
  }

  /** Merges the properties of {@code files} into {@code into}, keeping the later of two values. */
  static void mergeProperties(Iterable<WrittenFile> files, Map<String, String> into) {
    for (WrittenFile written : files) {
      written.properties.forEach((k, v) -> into.merge(k, v, WrittenFile::newer));
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof WrittenFile)) {
      return false;
    }
    WrittenFile that = (WrittenFile) o;
    return table.equals(that.table)
        && pane.equals(that.pane)
        && java.util.Objects.equals(location(), that.location())
        && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(table, pane, location(), properties);
  }

  private @Nullable String location() {
    return file == null ? null : file.location();
  }

  @Override
  public String toString() {
    return "WrittenFile{"
        + table
        + ", "
        + pane
        + ", "
        + (file == null ? "marker" : file.location())
        + "}";
  }
}
