package io.pinpipe.runners.direct.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a job left in a local output folder: the visible files (relative name → text) and the hidden
 * temporary ones (a write cut short), which readers ignore.
 */
final class OutputTree {
  private OutputTree() {}

  /**
   * Visible files whose name ends with {@code suffix}, by relative path; empty when the folder is
   * missing.
   */
  static Map<String, String> files(Path root, String suffix) {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(suffix) && !name.startsWith(".")) {
          try {
            files.put(
                root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
          } catch (NoSuchFileException replacedMeanwhile) {
            // renamed over while listing: the next look sees the new file
          }
        }
      }
    } catch (UncheckedIOException | IOException e) {
      return files; // a folder changed while walking: look again next time
    }
    return files;
  }

  static List<String> lines(Path root, String suffix) {
    List<String> lines = new ArrayList<>();
    for (String text : files(root, suffix).values()) {
      text.lines().forEach(lines::add);
    }
    return lines;
  }

  /** Hidden temporary files ({@code .<name>.<uuid>.tmp}) left by writes that never finished. */
  static long temporaries(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(
              p ->
                  p.getFileName().toString().startsWith(".")
                      && p.getFileName().toString().endsWith(".tmp"))
          .count();
    }
  }
}
