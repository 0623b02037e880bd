package io.pinpipe.emulator;

import io.pinpipe.transforms.model.Table;
import java.util.concurrent.CompletableFuture;

/** Where the emulator posts rows; a send completes only when the receiver acknowledged the row. */
interface EventSink extends AutoCloseable {
  CompletableFuture<Void> send(Table table, String key, String rowJson);

  /** Names the target in progress lines and the summary, e.g. {@code api (kafka routes)}. */
  String describe();

  @Override
  void close();
}
