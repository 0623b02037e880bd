package io.pinpipe.pipelines.demo;

import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.batch.BatchPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.cli.Cli;
import io.pinpipe.pipelines.options.DirectRunnerChecksDefault;
import io.pinpipe.pipelines.options.OutputOptions;
import io.pinpipe.testdata.SourceTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The main job on embedded defaults, no servers needed: the three source tables in the original
 * database's shape (every real row, the keys the real pin rows miss filled with generated rows; see
 * {@link SourceTables#loadOriginalShape}) in an in-memory H2 database, then the daily batch job
 * ({@code clean} from JDBC, {@code analytics}) on the DirectRunner, output in {@code
 * ./pinpipe-out/}.
 */
public final class DemoPipeline {
  public static final String NAME = "demo";
  static final String DEFAULT_OUTPUT = "pinpipe-out";

  /** Options of {@code demo}: only where to write. */
  public interface Options extends OutputOptions {}

  private DemoPipeline() {}

  public static void main(String[] args) {
    Cli.main(NAME, DirectRunnerChecksDefault.apply(args), Options.class, DemoPipeline::run);
  }

  public static BatchPipeline.Result run(Options options) {
    long start = System.nanoTime();
    String url = "jdbc:h2:mem:pinpipe-demo;DB_CLOSE_DELAY=-1";
    // The connection stays open for the run: the in-memory database lives as long as it does.
    try (Connection database = DriverManager.getConnection(url)) {
      SourceTables.loadOriginalShape(database);
      System.out.println(
          "Loaded "
              + SourceTables.ORIGINAL_ROWS
              + " rows per table into an in-memory H2 database"
              + " (the real sample rows; "
              + SourceTables.generatedKeys("pin").size()
              + " pin rows the samples miss are generated, listed in "
              + SourceTables.GENERATED_ROWS
              + ").");

      BatchPipeline.Options batch = options.as(BatchPipeline.Options.class);
      batch.setSource(CleanPipeline.Source.JDBC);
      batch.setJdbcUrl(url);
      if (batch.getOutput() == null) {
        batch.setOutput(DEFAULT_OUTPUT);
      }
      BatchPipeline.Result result = BatchPipeline.run(batch);
      AnalyticsPipeline.print(result.answers, System.out);
      result.clean.print(System.out);
      String root = Path.of(batch.getOutput()).toAbsolutePath().toString();
      System.out.printf("Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
      System.out.println(
          "Curated tables: Iceberg tables "
              + batch.getNamespace()
              + ".{pin,geo,user} and "
              + batch.getNamespace()
              + "."
              + batch.getDeadLetterTable()
              + " in "
              + root
              + "/warehouse/ (catalog type hadoop)");
      System.out.println(
          "Answers:        "
              + root
              + "/analytics/ (CSV, JSON) and the report "
              + root
              + "/analytics/report.html");
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not set up the embedded demo database: " + e.getMessage(), e);
    }
  }
}
