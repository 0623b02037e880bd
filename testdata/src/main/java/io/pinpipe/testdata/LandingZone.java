package io.pinpipe.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes records into a local folder in the raw landing layout (wire-formats.md §4), as the
 * Confluent S3 sink would have: {@code topics/<topic>/partition=<p>/<topic>+<p>+<offset>.json}.
 */
public final class LandingZone {
  private LandingZone() {}

  /**
   * The object name for the records of {@code topic}/{@code partition} from {@code startOffset}.
   */
  public static String objectName(String topic, int partition, long startOffset) {
    return String.format("%s+%d+%010d.json", topic, partition, startOffset);
  }

  /**
   * Writes {@code records} to partition 0 of {@code topic} under {@code root}, {@code
   * recordsPerObject} records per object, offsets counting from 0.
   */
  public static void write(Path root, String topic, List<String> records, int recordsPerObject)
      throws IOException {
    List<byte[]> bytes = new ArrayList<>(records.size());
    records.forEach(record -> bytes.add(record.getBytes(StandardCharsets.UTF_8)));
    writeBytes(root, topic, bytes, recordsPerObject);
  }

  /** As {@link #write}, for records given as raw bytes (which need not be UTF-8). */
  public static void writeBytes(Path root, String topic, List<byte[]> records, int recordsPerObject)
      throws IOException {
    Path dir = root.resolve("topics").resolve(topic).resolve("partition=0");
    Files.createDirectories(dir);
    for (int start = 0; start < records.size(); start += recordsPerObject) {
      List<byte[]> chunk =
          records.subList(start, Math.min(records.size(), start + recordsPerObject));
      ByteArrayOutputStream object = new ByteArrayOutputStream();
      for (byte[] record : chunk) {
        object.writeBytes(record);
        object.write('\n');
      }
      Files.write(dir.resolve(objectName(topic, 0, start)), object.toByteArray());
    }
  }
}
