package io.pinpipe.ingest;

import io.pinpipe.options.InvalidOptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The accepted API keys, held as SHA-256 digests: the keys themselves are never kept, logged or
 * printed, and comparing fixed-length digests with {@link MessageDigest#isEqual} against every key
 * takes the same time whichever key (or how much of one) matches.
 */
public final class ApiKeys {
  private final List<byte[]> digests;

  private ApiKeys(List<byte[]> digests) {
    this.digests = List.copyOf(digests);
  }

  public static ApiKeys none() {
    return new ApiKeys(List.of());
  }

  /** Keys separated by commas (the {@code PINPIPE_API_KEYS} form); blanks are ignored. */
  public static ApiKeys fromList(String commaSeparated) {
    return of(Arrays.asList(commaSeparated.split(",")));
  }

  /** One key per line; blank lines and lines starting with {@code #} are ignored. */
  public static ApiKeys fromFile(Path file) {
    try {
      return of(
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.strip().startsWith("#"))
              .toList());
    } catch (IOException e) {
      throw new InvalidOptionException(
          "apiKeysFile", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  public static ApiKeys of(List<String> keys) {
    List<byte[]> digests = new ArrayList<>();
    for (String key : keys) {
      if (!key.isBlank()) {
        digests.add(sha256(key.strip()));
      }
    }
    return new ApiKeys(digests);
  }

  public boolean isEmpty() {
    return digests.isEmpty();
  }

  public int size() {
    return digests.size();
  }

  /** True when {@code presented} is one of the keys; no early exit, so timing tells nothing. */
  public boolean accepts(String presented) {
    if (presented == null) {
      return false;
    }
    byte[] digest = sha256(presented);
    boolean match = false;
    for (byte[] key : digests) {
      match |= MessageDigest.isEqual(key, digest);
    }
    return match;
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
