package io.pinpipe.pipelines.options;

import io.pinpipe.options.InvalidOptionException;

/** The {@code --topicPrefix} rule of data-model.md ("Names"): {@code [a-z0-9-]+}. */
public final class TopicPrefix {
  private TopicPrefix() {}

  /** Returns {@code prefix}, or fails naming {@code --topicPrefix}. */
  public static String validated(String prefix) {
    if (prefix == null || !prefix.matches("[a-z0-9-]+")) {
      throw new InvalidOptionException("topicPrefix", "expected [a-z0-9-]+, got '" + prefix + "'");
    }
    return prefix;
  }
}
