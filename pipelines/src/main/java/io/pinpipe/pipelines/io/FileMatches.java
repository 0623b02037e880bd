package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/** Launch-time questions about the files an input option points at. */
final class FileMatches {
  private FileMatches() {}

  /**
   * Whether {@code pattern} matches no file; a listing that fails is an error naming {@code
   * option}.
   */
  static boolean none(String option, String pattern) {
    try {
      MatchResult match = FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0);
      return match.status() != MatchResult.Status.OK || match.metadata().isEmpty();
    } catch (IOException | RuntimeException e) {
      throw new InvalidOptionException(option, "cannot list " + pattern + ": " + e.getMessage());
    }
  }
}
