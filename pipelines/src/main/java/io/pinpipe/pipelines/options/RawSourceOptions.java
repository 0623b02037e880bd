package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Description;

/** Raw landing objects in the Confluent S3 sink layout (wire-formats.md §4). */
public interface RawSourceOptions extends TopicOptions {
  @Description(
      "Root of the raw landing zone (local folder or s3://bucket/prefix); objects are read from "
          + "<input>/topics/<topicPrefix>.{pin,geo,user}/partition=*/*.json")
  String getInput();

  void setInput(String value);
}
