package io.pinpipe.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spark SQL 3.5 with Iceberg's Spark runtime, run as a user runs it, in a JVM of its own ({@code
 * lake-tests/spark}: its own class path, which cannot share one with Beam's): give it the catalog
 * confs and SQL statements, get back what Spark returned.
 */
final class SparkSql {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 180;

  private final Map<String, String> conf = new LinkedHashMap<>();
  private final Map<String, String> statements = new LinkedHashMap<>();

  /** The confs of an Iceberg catalog named {@code name}, as {@code spark-sql --conf} takes them. */
  SparkSql catalog(String name, Map<String, String> properties) {
    conf.put(
        "spark.sql.extensions",
        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    conf.put("spark.sql.catalog." + name, "org.apache.iceberg.spark.SparkCatalog");
    properties.forEach((k, v) -> conf.put("spark.sql.catalog." + name + "." + k, v));
    return this;
  }

  SparkSql statement(String name, String sql) {
    statements.put(name, sql);
    return this;
  }

  /** Runs every statement in one Spark session; the results by statement name. */
  Map<String, Result> run(Path work) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path request = work.resolve("spark-request.json");
    Path result = work.resolve("spark-result.json");
    Path log = work.resolve("spark.log");
    ObjectNode body = JSON.createObjectNode();
    body.set("conf", JSON.valueToTree(conf));
    body.set("statements", JSON.valueToTree(statements));
    JSON.writeValue(request.toFile(), body);

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(io.pinpipe.pipelines.TestJvm.flags());
    command.addAll(Arrays.asList(property("pinpipe.spark.add-opens").trim().split("\\s+")));
    command.add("-Xmx1g");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(
        property("pinpipe.spark.classes")
            + java.io.File.pathSeparator
            + Files.readString(Path.of(property("pinpipe.spark.classpath-file"))).trim());
    command.add("io.pinpipe.lake.spark.SparkSqlQueries");
    command.add(request.toString());
    command.add(result.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Spark's local mode needs nothing of the environment; SPARK_HOME or HADOOP_CONF_DIR would
    // change it.
    builder.environment().remove("SPARK_HOME");
    builder.environment().remove("HADOOP_CONF_DIR");
    Process spark = builder.start();
    if (!spark.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      spark.destroyForcibly();
      throw new AssertionError(
          "Spark SQL did not finish in " + TIMEOUT_SECONDS + " s; its log:\n" + tail(log));
    }
    if (spark.exitValue() != 0) {
      throw new AssertionError(
          "Spark SQL failed (exit " + spark.exitValue() + "); its log:\n" + tail(log));
    }
    Map<String, Result> results = new LinkedHashMap<>();
    JSON.readTree(result.toFile())
        .fields()
        .forEachRemaining(e -> results.put(e.getKey(), new Result(e.getValue())));
    return results;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set: run these tests with Maven (lake-tests/pom.xml)");
    }
    return value;
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  /** What one statement returned: its columns and rows. */
  static final class Result {
    private final JsonNode node;

    Result(JsonNode node) {
      this.node = node;
    }

    /** {@code name type} of each column, as Spark declares them, e.g. {@code ind bigint}. */
    List<String> columns() {
      List<String> columns = new ArrayList<>();
      node.get("columns")
          .forEach(c -> columns.add(c.get("name").asText() + " " + c.get("type").asText()));
      return columns;
    }

    boolean nullable(String column) {
      for (JsonNode c : node.get("columns")) {
        if (c.get("name").asText().equals(column)) {
          return c.get("nullable").asBoolean();
        }
      }
      throw new IllegalArgumentException("no column " + column + " in " + columns());
    }

    /** Each row as a JSON object, keys in column order. */
    List<ObjectNode> rows() {
      List<ObjectNode> rows = new ArrayList<>();
      node.get("rows").forEach(r -> rows.add((ObjectNode) r.deepCopy()));
      return rows;
    }

    /** Each row as one line of JSON, without the columns named, sorted. */
    List<String> lines(String... without) {
      List<String> lines = new ArrayList<>();
      for (ObjectNode row : rows()) {
        row.remove(Arrays.asList(without));
        try {
          lines.add(JSON.writeValueAsString(row));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      lines.sort(null);
      return lines;
    }

    /**
     * The column rows of a {@code DESCRIBE TABLE}, as {@code name type}: those before the blank row
     * that starts its partitioning section.
     */
    List<String> describedColumns() {
      List<String> columns = new ArrayList<>();
      for (ObjectNode row : rows()) {
        String name = row.get("col_name").asText();
        if (name.isBlank() || name.startsWith("#")) {
          break;
        }
        columns.add(name + " " + row.get("data_type").asText());
      }
      return columns;
    }

    /**
     * The rows after the columns in a {@code DESCRIBE TABLE} (partitioning), as {@code name: type}.
     */
    List<String> describedDetails() {
      List<String> details = new ArrayList<>();
      boolean past = false;
      for (ObjectNode row : rows()) {
        String name = row.get("col_name").asText();
        past |= name.isBlank() || name.startsWith("#");
        if (past) {
          details.add(name + ": " + row.get("data_type").asText());
        }
      }
      return details;
    }
  }
}
