package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** How curated tables and dead letters are written. */
public interface OutputOptions extends OutputRootOptions {
  @Description("Comma-separated output formats of curated tables: parquet, jsonl, or both.")
  @Default.String("parquet,jsonl")
  String getOutputFormat();

  void setOutputFormat(String value);

  @Description(
      "Files per table and format. Fixed, so file names and the rows in each file are the same "
          + "on every run over the same input.")
  @Default.Integer(4)
  int getNumShards();

  void setNumShards(int value);
}
