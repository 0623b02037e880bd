package io.pinpipe.lake.spark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Runs SQL statements with Spark SQL (local mode) and writes what each returned as JSON, so that a
 * test in another JVM can compare it.
 *
 * <p>{@code java -cp <spark class path> io.pinpipe.lake.spark.SparkSqlQueries request.json
 * result.json} with a request {@code {"conf": {"spark.sql.catalog.pinpipe": ..., ...},
 * "statements": {"name": "SELECT ...", ...}}}; the result has, per name, {@code columns} ({@code
 * name}, {@code type} as Spark prints it, e.g. {@code bigint}, {@code array<double>}, {@code
 * timestamp}, and {@code nullable}) and {@code rows}: one JSON object per row, keys in column
 * order, values as Spark returned them (numbers, strings, arrays, timestamps as ISO-8601 instants,
 * {@code null}). A value of a Java type other than the one Spark's column type maps to fails the
 * run rather than being converted.
 */
public final class SparkSqlQueries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkSqlQueries() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: SparkSqlQueries <request.json> <result.json>");
    }
    JsonNode request = JSON.readTree(new File(args[0]));
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("pinpipe-lake-tests")
            .master("local[2]")
            // Loopback only, no web UI, no Hive metastore: a reader, nothing else.
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            // TIMESTAMP (with local time zone) values as java.time.Instant rather than
            // java.sql.Timestamp.
            .config("spark.sql.datetime.java8API.enabled", "true");
    for (Iterator<Map.Entry<String, JsonNode>> it = request.get("conf").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> conf = it.next();
      builder.config(conf.getKey(), conf.getValue().asText());
    }
    SparkSession spark = builder.getOrCreate();
    try (JsonGenerator out =
        JSON.getFactory()
            .createGenerator(new File(args[1]), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
      out.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = request.get("statements").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> statement = it.next();
        out.writeFieldName(statement.getKey());
        write(out, spark.sql(statement.getValue().asText()));
      }
      out.writeEndObject();
    } finally {
      spark.stop();
    }
  }

  private static void write(JsonGenerator out, Dataset<Row> result) throws IOException {
    StructField[] fields = result.schema().fields();
    out.writeStartObject();
    out.writeArrayFieldStart("columns");
    for (StructField field : fields) {
      out.writeStartObject();
      out.writeStringField("name", field.name());
      out.writeStringField("type", field.dataType().simpleString());
      out.writeBooleanField("nullable", field.nullable());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("rows");
    for (Row row : result.collectAsList()) {
      out.writeStartObject();
      for (int i = 0; i < fields.length; i++) {
        out.writeFieldName(fields[i].name());
        if (row.isNullAt(i)) {
          out.writeNull();
        } else if (fields[i].dataType() instanceof ArrayType) {
          out.writeStartArray();
          for (Object element : row.getList(i)) {
            writeValue(out, element, fields[i]);
          }
          out.writeEndArray();
        } else {
          writeValue(out, row.get(i), fields[i]);
        }
      }
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeValue(JsonGenerator out, Object value, StructField field)
      throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String) {
      out.writeString((String) value);
    } else if (value instanceof Long) {
      out.writeNumber((Long) value);
    } else if (value instanceof Integer) {
      out.writeNumber((Integer) value);
    } else if (value instanceof Double) {
      out.writeNumber((Double) value);
    } else if (value instanceof Boolean) {
      out.writeBoolean((Boolean) value);
    } else if (value instanceof Instant) {
      out.writeString(value.toString());
    } else {
      throw new IllegalStateException(
          "column "
              + field.name()
              + " ("
              + field.dataType().simpleString()
              + ") returned a "
              + value.getClass().getName()
              + ", which this reader does not render");
    }
  }
}
