package io.pinpipe.serve;

import java.time.Instant;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How current the served answers are, for {@code GET /health}: {@code ok} (the last refresh
 * worked), {@code degraded} (refreshes fail, e.g. the catalog or S3 is unreachable; the answers of
 * the last good refresh are served) or {@code unavailable} (no answers yet: no batch view, or it
 * could not be read).
 */
record Health(
    String status,
    Instant checkedAt,
    @Nullable Instant answersFrom,
    int consecutiveFailures,
    @Nullable String lastError) {
  static Health starting(Instant now) {
    return new Health("unavailable", now, null, 0, "starting: the batch views are not loaded yet");
  }

  static Health ok(Instant now, Served served) {
    return new Health("ok", now, served.madeAt(), 0, null);
  }

  Health failed(Instant now, @Nullable Served served, String error) {
    return new Health(
        served == null ? "unavailable" : "degraded",
        now,
        served == null ? null : served.madeAt(),
        consecutiveFailures + 1,
        error);
  }
}
