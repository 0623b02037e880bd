package io.pinpipe.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real rows of the three source tables ({@code real/pin.jsonl}, {@code real/geo.jsonl}, {@code
 * real/user.jsonl}), one string per line, exactly as stored: tests compare pipeline output with
 * them byte for byte, so nothing here may trim, normalise or re-encode. Lines split only at {@code
 * \n}; invalid UTF-8 is an error, not a replacement character.
 */
public final class RealRows {

  private static final Map<String, List<String>> CACHE = new ConcurrentHashMap<>();

  private RealRows() {}

  /** The real rows of {@code table} ({@code pin}, {@code geo} or {@code user}), in file order. */
  public static List<String> lines(String table) {
    requireTable(table);
    return CACHE.computeIfAbsent(table, t -> load("real/" + t + ".jsonl"));
  }

  /** Fails unless {@code table} is {@code pin}, {@code geo} or {@code user}. */
  public static void requireTable(String table) {
    if (!table.equals("pin") && !table.equals("geo") && !table.equals("user")) {
      throw new IllegalArgumentException("table must be pin, geo or user: " + table);
    }
  }

  /** The lines of a UTF-8 resource under {@code io/pinpipe/testdata/}, without line terminators. */
  public static List<String> load(String resource) {
    byte[] bytes;
    try (InputStream in = RealRows.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/pinpipe/testdata/" + resource);
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(resource + " is not valid UTF-8", e);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int nl; (nl = text.indexOf('\n', start)) >= 0; start = nl + 1) {
      lines.add(text.substring(start, nl));
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return List.copyOf(lines);
  }
}
