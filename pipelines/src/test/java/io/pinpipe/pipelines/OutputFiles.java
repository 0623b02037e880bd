package io.pinpipe.pipelines;

import io.pinpipe.transforms.parse.Datetimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads what a pipeline wrote, for assertions. */
public final class OutputFiles {
  private OutputFiles() {}

  /** File names in {@code dir} (not hidden), sorted. */
  public static List<String> names(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every line of every {@code *.jsonl} file in {@code dir}, sorted. */
  public static List<String> jsonLines(Path dir) {
    List<String> lines = new ArrayList<>();
    for (String name : names(dir)) {
      if (name.endsWith(".jsonl")) {
        try {
          lines.addAll(Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Collections.sort(lines);
    return lines;
  }

  /**
   * Every line of the visible {@code *.jsonl} files anywhere below {@code dir} (a file being
   * written starts with a dot), for polling a running pipeline's output: empty while {@code dir}
   * does not exist, or when a file is renamed while being listed (look again).
   */
  public static List<String> jsonLinesBelow(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try {
      for (Path file : jsonlFilesBelow(dir)) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return List.of();
    }
    return lines;
  }

  /** The visible {@code *.jsonl} files anywhere below {@code dir}, in walk order. */
  public static List<Path> jsonlFilesBelow(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(
              p ->
                  Files.isRegularFile(p)
                      && p.getFileName().toString().endsWith(".jsonl")
                      && !p.getFileName().toString().startsWith("."))
          .collect(Collectors.toList());
    }
  }

  /** Every record of every {@code *.parquet} file in {@code dir}, as curated JSON Lines, sorted. */
  public static List<String> parquetAsJsonLines(Path dir) {
    List<String> lines = new ArrayList<>();
    for (String name : names(dir)) {
      if (!name.endsWith(".parquet")) {
        continue;
      }
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new LocalInputFile(dir.resolve(name))).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          lines.add(toJson(r));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Collections.sort(lines);
    return lines;
  }

  /** The curated JSON form of a Parquet record, written independently of the pipeline's code. */
  private static String toJson(GenericRecord record) {
    StringBuilder out = new StringBuilder("{");
    List<org.apache.avro.Schema.Field> fields = record.getSchema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      org.apache.avro.Schema.Field field = fields.get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(field.name()).append("\":");
      Object value = record.get(i);
      boolean timestamp = field.schema().toString().contains("timestamp-micros");
      if (value == null) {
        out.append("null");
      } else if (timestamp) {
        long micros = (Long) value;
        out.append('"')
            .append(
                Datetimes.format(
                    Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000)))
            .append('"');
      } else if (value instanceof CharSequence) {
        out.append(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(value.toString())
                .toString());
      } else if (value instanceof List) {
        out.append(
            ((List<?>) value)
                .stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
      } else {
        out.append(value);
      }
    }
    return out.append('}').toString();
  }
}
