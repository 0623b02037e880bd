package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** How curated tables and dead letters are written. */
public interface OutputOptions extends OutputRootOptions, LakeOptions {
  @Description("Comma-separated outputs of the curated tables: iceberg (tables in the --catalog; the default), and "
      + "parquet or jsonl files under <output>/curated/ as exports for tools that want plain files.")
  @Default.String("iceberg")
  String getOutputFormat();

  void setOutputFormat(String value);

  @Description(
      "Shards per table: the groups rows are de-duplicated in, and the files per table and export format. "
          + "Fixed, so export file names and the rows in each are the same on every run over the same input.")
  @Default.Integer(4)
  int getNumShards();

  void setNumShards(int value);
}
