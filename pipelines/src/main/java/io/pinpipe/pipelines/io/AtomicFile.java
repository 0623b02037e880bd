package io.pinpipe.pipelines.io;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * One output file, written under a hidden temporary name in its folder and renamed into place when
 * complete, through any Beam filesystem (local, S3). A retried or re-run write replaces the file
 * whole; readers never see a half-written one.
 */
final class AtomicFile implements AutoCloseable {
  private final ResourceId temporary;
  private final ResourceId target;
  private final WritableByteChannel channel;
  private boolean committed;

  private AtomicFile(ResourceId temporary, ResourceId target, WritableByteChannel channel) {
    this.temporary = temporary;
    this.target = target;
    this.channel = channel;
  }

  /** The name of shard {@code shard} of {@code shards}: {@code part-SSSSS-of-NNNNN<suffix>}. */
  static String shardName(int shard, int shards, String suffix) {
    return String.format("part-%05d-of-%05d%s", shard, shards, suffix);
  }

  /**
   * The name of a shard of one window and pane: {@link #shardName} in the global window (batch);
   * {@code window-<start>-<end>/pane-PPP-part-SSSSS-of-NNNNN<suffix>} in an event-time window, so a
   * replay of the same window and pane overwrites instead of duplicating (cleaning.md §6).
   */
  static String shardName(
      BoundedWindow window, PaneInfo pane, int shard, int shards, String suffix) {
    if (!(window instanceof IntervalWindow)) {
      return shardName(shard, shards, suffix);
    }
    IntervalWindow interval = (IntervalWindow) window;
    return String.format(
        "window-%s-%s/pane-%03d-%s",
        WINDOW_TIME.print(interval.start()),
        WINDOW_TIME.print(interval.end()),
        pane.getIndex(),
        shardName(shard, shards, suffix));
  }

  private static final org.joda.time.format.DateTimeFormatter WINDOW_TIME =
      org.joda.time.format.DateTimeFormat.forPattern("yyyyMMdd'T'HHmmss'Z'").withZoneUTC();

  static AtomicFile create(String directory, String name, String mimeType) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(directory, true);
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      dir = dir.resolve(name.substring(0, slash), StandardResolveOptions.RESOLVE_DIRECTORY);
      name = name.substring(slash + 1);
    }
    ResourceId target = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
    ResourceId temporary =
        dir.resolve(
            "." + name + "." + UUID.randomUUID() + ".tmp", StandardResolveOptions.RESOLVE_FILE);
    return new AtomicFile(temporary, target, FileSystems.create(temporary, mimeType));
  }

  static String binary() {
    return MimeTypes.BINARY;
  }

  static String text() {
    return MimeTypes.TEXT;
  }

  WritableByteChannel channel() {
    return channel;
  }

  /** Closes the file and moves it to its final name. */
  void commit() throws IOException {
    channel.close();
    FileSystems.rename(
        List.of(temporary), List.of(target), StandardMoveOptions.IGNORE_MISSING_FILES);
    committed = true;
  }

  /** Abandons an uncommitted file. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      if (channel.isOpen()) {
        channel.close();
      }
      FileSystems.delete(List.of(temporary), StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }
}
