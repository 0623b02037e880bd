package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/** A source of raw records, one read per table; pipelines do not care which source it is. */
public interface RawRecordSource extends Serializable {
  PTransform<PBegin, PCollection<RawRecord>> read(TableSpec table);

  /**
   * Fails, naming the option, when the source holds nothing to read for one of the tables: a batch
   * run that read nothing would replace a view with an empty one. Called at launch, before any
   * work.
   */
  default void requireInput(List<? extends TableSpec> tables) {}

  /**
   * What a run reads, for the snapshot summaries of the tables it writes ({@code
   * pinpipe.input...}).
   */
  default Map<String, String> describe() {
    return Map.of();
  }

  /**
   * This source, reading each table named in {@code times} (by id) from the records at or after its
   * time instead of from the beginning ({@code StreamResume}); {@code scope} names what is resumed
   * (the output the times come from), so that two pipelines reading the same input for different
   * outputs never share where they start. Sources that cannot start by time return themselves.
   */
  default RawRecordSource resumingFrom(String scope, Map<String, Instant> times) {
    return this;
  }
}
