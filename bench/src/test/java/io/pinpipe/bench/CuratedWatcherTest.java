package io.pinpipe.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedWatcherTest {
  private static final String WINDOW = "window-20261126T030000Z-20261126T030010Z";

  @TempDir Path output;

  @Test
  void eachProducedRowCountsOnceWithItsFreshness() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    long longAgo = System.currentTimeMillis() - 60_000;
    produced.record(Table.PIN, 3, longAgo);
    produced.record(Table.GEO, 3, longAgo);
    CuratedWatcher watcher = new CuratedWatcher(output, produced);

    write(
        "curated-stream/pin/" + WINDOW + "/pane-000-part-00000-of-00004.jsonl",
        "{\"ind\":3,\"title\":\"a\"}\n");
    watcher.poll();
    assertEquals(1, watcher.curated());
    long freshness = watcher.freshnessMillis()[0];
    assertTrue(freshness >= 60_000 && freshness < 120_000, "freshness " + freshness);

    // A file read once is not read again; the geo row of the same key is another row.
    write("curated-stream/geo/" + WINDOW + "/pane-000-part-00001-of-00004.jsonl", "{\"ind\":3}\n");
    watcher.poll();
    watcher.poll();
    assertEquals(2, watcher.curated());
    assertEquals(0, watcher.duplicates());
  }

  @Test
  void hiddenTemporaryFilesAndParquetAreNotRead() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    produced.record(Table.USER, 1, System.currentTimeMillis());
    CuratedWatcher watcher = new CuratedWatcher(output, produced);
    write(
        "curated-stream/user/" + WINDOW + "/.pane-000-part-00000-of-00004.jsonl.1234.tmp",
        "{\"ind\":1}\n");
    write(
        "curated-stream/user/" + WINDOW + "/pane-000-part-00000-of-00004.parquet", "{\"ind\":1}\n");
    watcher.poll();
    assertEquals(0, watcher.curated());
    assertArrayEquals(new long[0], watcher.freshnessMillis());
  }

  @Test
  void duplicatesWarmUpRowsUnknownKeysAndDeadLettersAreCountedApart() throws IOException {
    ProducedRows produced = new ProducedRows(10);
    produced.record(Table.PIN, 1, System.currentTimeMillis());
    CuratedWatcher watcher = new CuratedWatcher(output, produced);
    write(
        "curated-stream/pin/" + WINDOW + "/pane-000-part-00000-of-00004.jsonl",
        "{\"ind\":1}\n{\"ind\":" + CuratedWatcher.WARM_UP_KEY_BASE + "}\n{\"ind\":7}\n");
    write("curated-stream/pin/" + WINDOW + "/pane-001-part-00000-of-00004.jsonl", "{\"ind\":1}\n");
    write(
        "dead-letter/geo/" + WINDOW + "/pane-000-part-00002-of-00004.jsonl",
        "{\"error\":\"x\"}\n{\"error\":\"y\"}\n");
    watcher.poll();
    assertEquals(1, watcher.curated());
    assertEquals(1, watcher.duplicates());
    assertEquals(1, watcher.warmUpRows());
    assertEquals(1, watcher.unexpectedRows(), "key 7 was never produced");
    assertEquals(2, watcher.deadLetters());
  }

  private void write(String relative, String content) throws IOException {
    Path file = output.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
