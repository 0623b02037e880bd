package io.pinpipe.emulator;

import io.pinpipe.transforms.model.Table;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Rows straight to the streams {@code streaming-<prefix>-<table>}, one PutRecord each, keyed by the
 * event key.
 */
final class KinesisEventSink implements EventSink {
  private final KinesisAsyncClient kinesis;
  private final String prefix;

  KinesisEventSink(KinesisAsyncClient kinesis, String prefix) {
    this.kinesis = kinesis;
    this.prefix = prefix;
  }

  @Override
  public CompletableFuture<Void> send(Table table, String key, String rowJson) {
    return kinesis
        .putRecord(
            b ->
                b.streamName(table.stream(prefix))
                    .partitionKey(key)
                    .data(SdkBytes.fromUtf8String(rowJson)))
        .thenApply(response -> null);
  }

  @Override
  public String describe() {
    return "kinesis (streams " + Table.PIN.stream(prefix).replace("-pin", "-{pin,geo,user}") + ")";
  }

  @Override
  public void close() {
    kinesis.close();
  }
}
