package io.pinpipe.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The source ("RDS") database. The password never travels on the command line: it is read from the
 * environment variable named by {@code --jdbcPasswordEnv} or from {@code --jdbcPasswordFile}.
 */
public interface JdbcSourceOptions extends PipelineOptions {
  @Description(
      "JDBC URL of the source database, e.g. jdbc:mariadb://127.0.0.1:3306/pinterest_data, "
          + "jdbc:postgresql://127.0.0.1:5432/pinterest_data or jdbc:h2:mem:demo")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user.")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description("Name of the environment variable holding the database password (if it is set).")
  @Default.String("PINPIPE_JDBC_PASSWORD")
  String getJdbcPasswordEnv();

  void setJdbcPasswordEnv(String value);

  @Description("File holding the database password (first line); wins over --jdbcPasswordEnv.")
  String getJdbcPasswordFile();

  void setJdbcPasswordFile(String value);

  @Description(
      "Key-range partitions each table is read in, so a large table is not read by one worker.")
  @Default.Integer(4)
  int getJdbcPartitions();

  void setJdbcPartitions(int value);
}
