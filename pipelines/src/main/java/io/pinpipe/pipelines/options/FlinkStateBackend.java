package io.pinpipe.pipelines.options;

import io.pinpipe.options.InvalidOptionException;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Flink's {@code --stateBackend}, read here without depending on the Flink runner. pinpipe's Flink
 * jar carries the filesystem (heap) backend, not RocksDB's (its native library for every platform
 * would double the jar); Beam's runner then fails with a NoClassDefFoundError once Flink starts, so
 * the option is refused up front, in one line.
 */
public final class FlinkStateBackend {
  static final String ROCKSDB_CLASS =
      "org.apache.flink.contrib.streaming.state.RocksDBStateBackend";

  /** The property, declared as the Flink runner's {@code FlinkPipelineOptions} declares it. */
  public interface Option extends PipelineOptions {
    String getStateBackend();

    void setStateBackend(String value);
  }

  private FlinkStateBackend() {}

  /** Refuses {@code --stateBackend=rocksdb} when RocksDB's backend is not on the classpath. */
  public static void check(PipelineOptions options) {
    String backend = options.as(Option.class).getStateBackend();
    if (backend != null && backend.equalsIgnoreCase("rocksdb") && !available(ROCKSDB_CLASS)) {
      throw new InvalidOptionException(
          "stateBackend",
          "rocksdb is not in pinpipe's Flink jar; use filesystem (the default on an embedded"
              + " Flink) or your cluster's own state.backend");
    }
  }

  static boolean available(String className) {
    try {
      Class.forName(className, false, FlinkStateBackend.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
