package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The root a pipeline reads from: a local folder or {@code s3://bucket/prefix}. */
public interface InputRootOptions extends PipelineOptions {
  @Description(
      "Input root (a folder or s3://bucket/prefix): for clean, the raw landing zone, read from "
          + "<input>/topics/<topicPrefix>.{pin,geo,user}/partition=*/*.json; for analytics, the "
          + "root holding <input>/curated/{pin,geo,user}/")
  String getInput();

  void setInput(String value);
}
