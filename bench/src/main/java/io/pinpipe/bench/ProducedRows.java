package io.pinpipe.bench;

import io.pinpipe.transforms.model.Table;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The production wall time of every measured row, by table and key ({@code ind}, which survives
 * cleaning unchanged): written by the producer, read by the watcher on another thread.
 */
final class ProducedRows {
  static final long NOT_PRODUCED = 0;

  private final Map<Table, AtomicLongArray> producedAtMillis = new EnumMap<>(Table.class);
  private final long capacity;

  ProducedRows(long keys) {
    if (keys < 0 || keys > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "keys must be in 0.." + Integer.MAX_VALUE + ", got " + keys);
    }
    this.capacity = keys;
    for (Table table : Table.values()) {
      producedAtMillis.put(table, new AtomicLongArray((int) keys));
    }
  }

  /** Whether {@code key} is one of the measured keys 0…keys−1. */
  boolean measured(long key) {
    return key >= 0 && key < capacity;
  }

  void record(Table table, long key, long epochMillis) {
    producedAtMillis.get(table).set((int) key, epochMillis);
  }

  /** When the row was produced, or {@link #NOT_PRODUCED}. */
  long producedAt(Table table, long key) {
    return measured(key) ? producedAtMillis.get(table).get((int) key) : NOT_PRODUCED;
  }
}
