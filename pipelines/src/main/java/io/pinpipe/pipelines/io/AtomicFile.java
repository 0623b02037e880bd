package io.pinpipe.pipelines.io;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
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

  static AtomicFile create(String directory, String name, String mimeType) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(directory, true);
    ResourceId target = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
    ResourceId temporary =
        dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp", StandardResolveOptions.RESOLVE_FILE);
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
    FileSystems.rename(List.of(temporary), List.of(target), StandardMoveOptions.IGNORE_MISSING_FILES);
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
