package io.pinpipe.pipelines.io;

import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One launch of a batch pipeline: the id its table commits carry (so a retried commit finds its run
 * in the history) and when it started (files from before it that no snapshot names are orphans).
 */
public final class RunId implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final long startMillis;

  private RunId(String id, long startMillis) {
    this.id = id;
    this.startMillis = startMillis;
  }

  public static RunId create() {
    Instant now = Instant.now();
    return new RunId(
        now.truncatedTo(ChronoUnit.SECONDS) + "-" + UUID.randomUUID().toString().substring(0, 8),
        now.toEpochMilli());
  }

  public String id() {
    return id;
  }

  public long startMillis() {
    return startMillis;
  }

  @Override
  public String toString() {
    return id;
  }
}
