package io.pinpipe.iceberg;

import java.io.Serializable;
import org.apache.iceberg.DataFile;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A data file a worker has written for one table, not yet part of any snapshot, on its way to the
 * table's one committer. {@code pane} names the unit of exactly-once for appends ({@code
 * <window>/<pane>/<shard>}); a batch run replaces whole tables and leaves it empty. A record with
 * no file marks a table that must be committed even when no worker wrote anything for it.
 */
public final class WrittenFile implements Serializable {
  private static final long serialVersionUID = 1L;

  public final String table;
  public final String pane;
  public final @Nullable DataFile file;

  WrittenFile(String table, String pane, @Nullable DataFile file) {
    this.table = table;
    this.pane = pane;
    this.file = file;
  }

  static WrittenFile marker(String table) {
    return new WrittenFile(table, "", null);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof WrittenFile)) {
      return false;
    }
    WrittenFile that = (WrittenFile) o;
    return table.equals(that.table) && pane.equals(that.pane) && java.util.Objects.equals(location(), that.location());
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(table, pane, location());
  }

  private @Nullable String location() {
    return file == null ? null : file.location();
  }

  @Override
  public String toString() {
    return "WrittenFile{" + table + ", " + pane + ", " + (file == null ? "marker" : file.location()) + "}";
  }
}
