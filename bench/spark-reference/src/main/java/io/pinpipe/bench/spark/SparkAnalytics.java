package io.pinpipe.bench.spark;

import static org.apache.spark.sql.functions.asc_nulls_first;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code analytics} as Spark SQL DataFrames: the questions of analytics.md over the curated tables,
 * ties by {@code rank() = 1} over a window, the lower median by {@code row_number()} at position
 * ⌈n/2⌉ (exact; {@code percentile_approx} is approximate beyond its accuracy). Each answer is
 * written as {@code analytics/<id>.csv} and {@code .json} in the bytes pinpipe's AnswerFiles
 * writes.
 */
final class SparkAnalytics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkAnalytics() {}

  static final StructType PIN =
      new StructType()
          .add("ind", DataTypes.LongType)
          .add("unique_id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("description", DataTypes.StringType)
          .add("follower_count", DataTypes.LongType)
          .add("poster_name", DataTypes.StringType)
          .add("tag_list", DataTypes.StringType)
          .add("is_image_or_video", DataTypes.StringType)
          .add("image_src", DataTypes.StringType)
          .add("save_location", DataTypes.StringType)
          .add("category", DataTypes.StringType);
  static final StructType GEO =
      new StructType()
          .add("ind", DataTypes.LongType)
          .add("country", DataTypes.StringType)
          .add("coordinates", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("timestamp", DataTypes.TimestampType);
  static final StructType USER =
      new StructType()
          .add("ind", DataTypes.LongType)
          .add("user_name", DataTypes.StringType)
          .add("age", DataTypes.IntegerType)
          .add("date_joined", DataTypes.TimestampType);

  static void run(SparkSession spark, String input, String output, String format)
      throws IOException {
    Dataset<Row> pin = read(spark, input, "pin", PIN, format);
    Dataset<Row> geo = read(spark, input, "geo", GEO, format);
    Dataset<Row> user = read(spark, input, "user", USER, format);
    Map<String, Dataset<Row>> answers = questions(pin, geo, user);
    Path dir = Path.of(output, "analytics");
    Files.createDirectories(dir);
    for (Map.Entry<String, Dataset<Row>> answer : answers.entrySet()) {
      List<String> columns = Arrays.asList(answer.getValue().columns());
      List<Row> rows = answer.getValue().collectAsList();
      Files.writeString(
          dir.resolve(answer.getKey() + ".csv"), csv(columns, rows), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve(answer.getKey() + ".json"), json(columns, rows), StandardCharsets.UTF_8);
      System.out.printf("%-7s %,d rows%n", answer.getKey(), rows.size());
    }
  }

  private static Dataset<Row> read(
      SparkSession spark, String input, String table, StructType schema, String format) {
    String dir = input + "/curated/" + table;
    if (format.equals("jsonl")) {
      // The export's timestamps are ISO instants (2019-01-01T07:21:13Z), with a fraction when not
      // whole seconds.
      return spark
          .read()
          .schema(schema)
          .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX")
          .option("mode", "FAILFAST")
          .json(dir + "/*.jsonl");
    }
    return spark
        .read()
        .parquet(dir + "/*.parquet")
        .select(Arrays.stream(schema.fieldNames()).map(n -> col(n)).toArray(Column[]::new));
  }

  /** The answers in analytics.md's order, each with its columns and row order. */
  static Map<String, Dataset<Row>> questions(
      Dataset<Row> pin, Dataset<Row> geo, Dataset<Row> user) {
    Dataset<Row> pinGeo = pin.join(geo, "ind");
    Dataset<Row> pinUser = pin.join(user, "ind");
    Column ageGroup =
        when(col("age").between(18, 24), "18-24")
            .when(col("age").between(25, 35), "25-35")
            .when(col("age").between(36, 50), "36-50")
            .when(col("age").geq(51), "+50");
    Column joinYear = year(col("date_joined")).cast("bigint");
    Map<String, Dataset<Row>> q = new LinkedHashMap<>();

    q.put(
        "q1",
        top(
                pinGeo.groupBy("country", "category").agg(count(lit(1)).as("category_count")),
                "country")
            .orderBy(asc_nulls_first("country"), asc_nulls_first("category")));

    Column postYear = year(col("timestamp")).cast("bigint");
    q.put(
        "q2",
        top(
                pinGeo
                    .filter(postYear.between(2018, 2022))
                    .groupBy(postYear.as("post_year"), col("category"))
                    .agg(count(lit(1)).as("category_count")),
                "post_year")
            .orderBy(asc_nulls_first("post_year"), asc_nulls_first("category")));

    Dataset<Row> q3 =
        pinGeo
            .filter(col("follower_count").isNotNull())
            .select("country", "poster_name", "follower_count")
            .distinct()
            .withColumn(
                "r", rank().over(Window.partitionBy("country").orderBy(desc("follower_count"))))
            .filter(col("r").equalTo(1))
            .drop("r");
    q.put("q3", q3.orderBy(asc_nulls_first("country"), asc_nulls_first("poster_name")));
    q.put(
        "q3_top",
        q3.withColumn("m", max("follower_count").over(Window.partitionBy()))
            .filter(col("follower_count").equalTo(col("m")))
            .select("country", "follower_count")
            .distinct()
            .orderBy(asc_nulls_first("country")));

    Dataset<Row> grouped =
        pinUser.withColumn("age_group", ageGroup).filter(col("age_group").isNotNull());
    q.put(
        "q4",
        top(
                grouped.groupBy("age_group", "category").agg(count(lit(1)).as("category_count")),
                "age_group")
            .orderBy(ageOrder(), asc_nulls_first("category")));

    Dataset<Row> followers = grouped.filter(col("follower_count").isNotNull());
    q.put("q5", lowerMedian(followers, "age_group").orderBy(ageOrder()));

    q.put(
        "q6",
        user.filter(joinYear.between(2015, 2020))
            .groupBy(joinYear.as("post_year"))
            .agg(count(lit(1)).as("number_users_joined"))
            .orderBy("post_year"));

    Dataset<Row> byYear =
        pinUser
            .filter(col("follower_count").isNotNull().and(joinYear.between(2015, 2020)))
            .withColumn("post_year", joinYear);
    q.put("q7", lowerMedian(byYear, "post_year").orderBy("post_year"));
    q.put(
        "q8",
        lowerMedian(
                byYear.withColumn("age_group", ageGroup).filter(col("age_group").isNotNull()),
                "age_group",
                "post_year")
            .orderBy(ageOrder(), col("post_year")));
    return q;
  }

  /**
   * "The most": every row tied for the highest count of its group (rank 1), never an arbitrary one.
   */
  private static Dataset<Row> top(Dataset<Row> counts, String group) {
    return counts
        .withColumn("r", rank().over(Window.partitionBy(group).orderBy(desc("category_count"))))
        .filter(col("r").equalTo(1))
        .drop("r");
  }

  /**
   * The lower median of follower_count per group: the value at position ⌈n/2⌉ of the sorted values.
   */
  private static Dataset<Row> lowerMedian(Dataset<Row> rows, String... groups) {
    Column[] groupColumns = Arrays.stream(groups).map(g -> col(g)).toArray(Column[]::new);
    WindowSpec ordered = Window.partitionBy(groupColumns).orderBy("follower_count");
    WindowSpec all = Window.partitionBy(groupColumns);
    List<Column> out = new ArrayList<>(Arrays.asList(groupColumns));
    out.add(col("follower_count").as("median_follower_count"));
    List<Column> in = new ArrayList<>(Arrays.asList(groupColumns));
    in.add(col("follower_count"));
    return rows.select(in.toArray(new Column[0]))
        .withColumn("rn", row_number().over(ordered))
        .withColumn("n", count(lit(1)).over(all))
        .filter(col("rn").equalTo(ceil(col("n").divide(2))))
        .select(out.toArray(new Column[0]));
  }

  private static Column ageOrder() {
    return when(col("age_group").equalTo("18-24"), 0)
        .when(col("age_group").equalTo("25-35"), 1)
        .when(col("age_group").equalTo("36-50"), 2)
        .otherwise(3);
  }

  /**
   * RFC 4180 as pinpipe's AnswerFiles: header row, CRLF, quoted when a field holds , " or a line
   * break.
   */
  static String csv(List<String> columns, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    record(out, new ArrayList<>(columns));
    for (Row row : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        values.add(row.get(i));
      }
      record(out, values);
    }
    return out.toString();
  }

  private static void record(StringBuilder out, List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object value = values.get(i);
      String text = value == null ? "" : value.toString();
      if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
        out.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        out.append(text);
      }
    }
    out.append("\r\n");
  }

  /**
   * A JSON array of objects, keys in column order, Jackson's default pretty printer (as
   * AnswerFiles).
   */
  static String json(List<String> columns, List<Row> rows) throws IOException {
    ArrayNode array = JSON.createArrayNode();
    for (Row row : rows) {
      ObjectNode object = array.addObject();
      for (int i = 0; i < columns.size(); i++) {
        Object value = row.get(i);
        if (value == null) {
          object.putNull(columns.get(i));
        } else if (value instanceof Long) {
          object.put(columns.get(i), (Long) value);
        } else {
          object.put(columns.get(i), value.toString());
        }
      }
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
  }
}
