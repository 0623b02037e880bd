package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The {@code --output} root of a pipeline, checked at launch by writing and deleting a small object
 * under it: a read-only folder, a path under a file or an unknown bucket fails before any work
 * starts, naming the option, instead of after the run has read everything.
 */
public final class OutputRoot {
  public static final String OPTION = "output";

  /** Name prefix of the launch check's object (written and deleted at once). */
  public static final String PROBE_PREFIX = ".pinpipe-write-check-";

  private OutputRoot() {}

  /**
   * {@code value}, once it is known to be set and writable; {@code expected} says what it should
   * be.
   */
  public static String writable(PipelineOptions options, String value, String expected) {
    String root = InvalidOptionException.required(OPTION, value, expected);
    requireWritable(options, root);
    return root;
  }

  /**
   * Fails, naming {@code --output}, unless an object can be written and deleted under {@code root}.
   */
  public static void requireWritable(PipelineOptions options, String root) {
    FileSystems.setDefaultPipelineOptions(options);
    ResourceId probe;
    try {
      probe =
          FileSystems.matchNewResource(
              OutputPaths.join(root, PROBE_PREFIX + UUID.randomUUID()), false);
    } catch (RuntimeException e) {
      throw new InvalidOptionException(
          OPTION, "not a folder or s3://bucket/prefix: '" + root + "' (" + e.getMessage() + ")");
    }
    try {
      try (WritableByteChannel channel = FileSystems.create(probe, "text/plain")) {
        channel.write(ByteBuffer.wrap("pinpipe write check\n".getBytes(StandardCharsets.UTF_8)));
      }
      FileSystems.delete(List.of(probe), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      throw new InvalidOptionException(
          OPTION, "cannot write under " + root + ": " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
