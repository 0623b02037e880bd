package io.pinpipe.serve;

import io.pinpipe.pipelines.analytics.AnalyticsAnswer;
import io.pinpipe.transforms.model.Table;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.iceberg.data.Record;

/**
 * One batch view merged with the speed layer's rows after its boundary (analytics.md, Merged
 * answers), kept as compact rows and running {@link Aggregates}: the serving layer's state.
 *
 * <p>The batch view's rows are loaded once ({@link #batchRow}, then {@link #sealBatch}), which
 * joins them and counts every pair. A speed-layer row ({@link #speedRow}) is first checked against
 * every row of its key, batch and speed (cleaning.md §5: an equal row counts once), and a new row
 * is then joined with the rows of its key already held: every joined pair is counted exactly once,
 * when its later row arrives, whatever order the tables' rows come in. Not thread-safe: one
 * refresher owns it, and readers see only the answers it renders.
 */
final class MergedView {
  private final RowFacts facts = new RowFacts();
  private final Map<Table, Facts> batch = new EnumMap<>(Table.class);
  private final Map<Table, Facts> speed = new EnumMap<>(Table.class);
  private final Map<Table, Map<Long, int[]>> speedByKey = new EnumMap<>(Table.class);
  private final Aggregates aggregates = new Aggregates(facts.texts);
  private boolean sealed;
  private long speedRowsAdded;
  private long speedRowsAlreadyHeld;

  MergedView() {
    for (Table table : Table.POSTING_EVENT) {
      batch.put(table, new Facts());
      speed.put(table, new Facts());
      speedByKey.put(table, new HashMap<>());
    }
  }

  /** A row of {@code table}'s batch view (distinct already: {@code clean} wrote each row once). */
  void batchRow(Table table, Record record) {
    if (sealed) {
      throw new IllegalStateException("the batch view is sealed");
    }
    facts.add(table, record, batch.get(table));
  }

  /** Ends the batch view's rows: orders them by key and counts every joined pair. */
  void sealBatch() {
    for (Facts rows : batch.values()) {
      rows.sortByKey();
    }
    Facts pin = batch.get(Table.PIN);
    Facts geo = batch.get(Table.GEO);
    Facts user = batch.get(Table.USER);
    for (int p = 0; p < pin.size(); p++) {
      int row = p;
      forKey(geo, pin.key(p), g -> pinGeo(pin, row, geo, g));
      forKey(user, pin.key(p), u -> pinUser(pin, row, user, u));
    }
    for (int u = 0; u < user.size(); u++) {
      aggregates.user(user.b(u));
    }
    sealed = true;
  }

  /**
   * A row of {@code table}'s speed table; returns false when the view already holds an equal row.
   */
  boolean speedRow(Table table, Record record) {
    if (!sealed) {
      throw new IllegalStateException("seal the batch view first");
    }
    Facts rows = speed.get(table);
    facts.add(table, record, rows);
    int added = rows.size() - 1;
    long key = rows.key(added);
    if (holds(table, key, rows.fingerprint(added))) {
      rows.removeLast();
      speedRowsAlreadyHeld++;
      return false;
    }
    speedByKey.get(table).merge(key, new int[] {added}, MergedView::append);
    speedRowsAdded++;
    switch (table) {
      case PIN -> {
        forEveryRow(Table.GEO, key, (other, o) -> pinGeo(rows, added, other, o));
        forEveryRow(Table.USER, key, (other, o) -> pinUser(rows, added, other, o));
      }
      case GEO -> forEveryRow(Table.PIN, key, (pin, p) -> pinGeo(pin, p, rows, added));
      case USER -> {
        aggregates.user(rows.b(added));
        forEveryRow(Table.PIN, key, (pin, p) -> pinUser(pin, p, rows, added));
      }
      default -> throw new IllegalArgumentException(table.toString());
    }
    return true;
  }

  List<AnalyticsAnswer> answers() {
    return aggregates.answers();
  }

  long batchRows(Table table) {
    return batch.get(table).size();
  }

  long speedRowsAdded() {
    return speedRowsAdded;
  }

  long speedRowsAlreadyHeld() {
    return speedRowsAlreadyHeld;
  }

  /** The distinct follower-count values the medians hold. */
  long medianValues() {
    return aggregates.medianValues();
  }

  /** Bytes the rows' columns take (not the speed rows' key index, nor the aggregates). */
  long columnBytes() {
    long bytes = 0;
    for (Table table : Table.POSTING_EVENT) {
      bytes += batch.get(table).bytes() + speed.get(table).bytes();
    }
    return bytes;
  }

  private boolean holds(Table table, long key, long fingerprint) {
    Facts rows = batch.get(table);
    for (int i = rows.first(key); i >= 0 && i < rows.size() && rows.key(i) == key; i++) {
      if (rows.fingerprint(i) == fingerprint) {
        return true;
      }
    }
    Facts newer = speed.get(table);
    for (int i : speedByKey.get(table).getOrDefault(key, NONE)) {
      if (newer.fingerprint(i) == fingerprint) {
        return true;
      }
    }
    return false;
  }

  private void pinGeo(Facts pin, int p, Facts geo, int g) {
    aggregates.pinGeo(pin.a(p), pin.b(p), pin.c(p), geo.a(g), geo.b(g));
  }

  private void pinUser(Facts pin, int p, Facts user, int u) {
    aggregates.pinUser(pin.a(p), pin.b(p), user.a(u), user.b(u));
  }

  private interface RowConsumer {
    void accept(Facts rows, int row);
  }

  /** Every row of {@code table} with {@code key}, batch view and speed layer. */
  private void forEveryRow(Table table, long key, RowConsumer consumer) {
    Facts rows = batch.get(table);
    forKey(rows, key, i -> consumer.accept(rows, i));
    Facts newer = speed.get(table);
    for (int i : speedByKey.get(table).getOrDefault(key, NONE)) {
      consumer.accept(newer, i);
    }
  }

  private static void forKey(Facts sorted, long key, IntConsumer consumer) {
    for (int i = sorted.first(key); i >= 0 && i < sorted.size() && sorted.key(i) == key; i++) {
      consumer.accept(i);
    }
  }

  private static final int[] NONE = new int[0];

  private static int[] append(int[] rows, int[] more) {
    int[] all = Arrays.copyOf(rows, rows.length + more.length);
    System.arraycopy(more, 0, all, rows.length, more.length);
    return all;
  }
}
