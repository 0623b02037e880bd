package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The name prefix of topics and streams (data-model.md "Names"). */
public interface TopicOptions extends PipelineOptions {
  @Description("Prefix of topic names: topics are <prefix>.pin, <prefix>.geo, <prefix>.user.")
  @Default.String("pinpipe")
  String getTopicPrefix();

  void setTopicPrefix(String value);
}
