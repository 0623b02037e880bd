package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The root a pipeline writes under: a local folder or {@code s3://bucket/prefix}. */
public interface OutputRootOptions extends PipelineOptions {
  @Description(
      "Output root: a local folder or s3://bucket/prefix. Curated tables go to <output>/curated/<table>/, "
          + "dead letters to <output>/dead-letter/<table>/, answers to <output>/analytics/.")
  String getOutput();

  void setOutput(String value);
}
