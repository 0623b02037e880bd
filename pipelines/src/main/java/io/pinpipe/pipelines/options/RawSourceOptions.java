package io.pinpipe.pipelines.options;

/** Raw landing objects in the Confluent S3 sink layout (wire-formats.md §4). */
public interface RawSourceOptions extends InputRootOptions, TopicOptions {}
