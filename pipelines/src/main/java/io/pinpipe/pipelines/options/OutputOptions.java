package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** How curated tables and dead letters are written. */
public interface OutputOptions extends OutputRootOptions, LakeOptions {
  @Description(
      "Comma-separated outputs of the curated tables: iceberg (tables in the --catalog; the default), and "
          + "parquet or jsonl files under <output>/curated/ as exports for tools that want plain files.")
  @Default.String("iceberg")
  String getOutputFormat();

  void setOutputFormat(String value);

  @Description(
      "Files per table of each export format (parquet, jsonl), and per window pane in stream. Fixed, so "
          + "export file names and the rows in each are the same on every run over the same input. The Iceberg "
          + "tables do not use it: their writers follow the runner's parallelism.")
  @Default.Integer(4)
  int getNumShards();

  void setNumShards(int value);
}
