package io.pinpipe.pipelines.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a landing object into its records: every {@code \n} ends one (an empty line is an empty
 * record, which cleaning dead-letters); a last line without its newline is still a record, an empty
 * tail after the last {@code \n} is not. Reads in blocks: the byte-at-a-time stream calls this
 * replaced cost more than parsing the JSON.
 */
public final class LandingObjectLines {
  static final int BLOCK_BYTES = 1 << 16;

  /** Receives each line, without its {@code \n}, numbered from 1. */
  @FunctionalInterface
  public interface LineConsumer {
    void accept(long lineNumber, byte[] line) throws IOException;
  }

  private LandingObjectLines() {}

  /** Feeds every line of {@code in} to {@code lines}; does not close {@code in}. */
  public static long split(InputStream in, LineConsumer lines) throws IOException {
    return split(in, lines, BLOCK_BYTES);
  }

  static long split(InputStream in, LineConsumer lines, int blockBytes) throws IOException {
    byte[] block = new byte[blockBytes];
    // The start of a line that began in an earlier block.
    byte[] carried = new byte[0];
    int carriedLength = 0;
    long lineNumber = 0;
    int read;
    while ((read = in.read(block)) != -1) {
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (block[i] == '\n') {
          byte[] line;
          if (carriedLength == 0) {
            line = Arrays.copyOfRange(block, start, i);
          } else {
            line = Arrays.copyOf(carried, carriedLength + i - start);
            System.arraycopy(block, start, line, carriedLength, i - start);
            carriedLength = 0;
          }
          lines.accept(++lineNumber, line);
          start = i + 1;
        }
      }
      int rest = read - start;
      if (rest > 0) {
        if (carriedLength + rest > carried.length) {
          carried = Arrays.copyOf(carried, Math.max(2 * carried.length, carriedLength + rest));
        }
        System.arraycopy(block, start, carried, carriedLength, rest);
        carriedLength += rest;
      }
    }
    if (carriedLength > 0) {
      lines.accept(++lineNumber, Arrays.copyOf(carried, carriedLength));
    }
    return lineNumber;
  }
}
