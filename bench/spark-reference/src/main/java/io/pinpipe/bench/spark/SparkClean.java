package io.pinpipe.bench.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.json_array_length;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.map_values;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code clean} as a Spark SQL DataFrame job: cleaning.md §1–§8 in built-in column functions, no
 * UDFs.
 *
 * <p>Every value is read as text ({@code from_json} with an all-string schema: Spark hands numbers,
 * booleans, objects and arrays over as their JSON text) and then checked and converted with casts
 * and regular expressions, because a typed schema would turn any bad value into a null row or a
 * null field where cleaning.md wants a dead letter naming the field. Where Spark cannot see what
 * pinpipe's strict parser sees, the rule is approximated and the difference is listed here and in
 * README (Benchmarks):
 *
 * <ul>
 *   <li>Duplicate keys are caught at the top level of a record ({@code json_object_keys}) and in
 *       the objects that are values of unknown top-level fields, not deeper (Spark's parser keeps
 *       the last value).
 *   <li>A number and a numeric string look the same after {@code from_json} into a string column.
 *       The reference therefore takes integers (keys, age) only as plain digits: an integral number
 *       written with a fraction or exponent ({@code 5.0}, {@code 1e2}) is a dead letter here and
 *       accepted by pinpipe; floating-point columns accept an exponent in a numeric string, which
 *       pinpipe refuses. A JSON number in a text column (title: 123) is kept as its text by both; a
 *       boolean too.
 *   <li>A text value that is itself the text of a JSON object or array ({@code "[1]"}) is taken for
 *       an object or array, since Spark renders those as their JSON text too.
 *   <li>An escaped unpaired surrogate ({@code \ud800}) is found in the raw line, so it also
 *       dead-letters a record that carries it only in an unknown field (pinpipe checks the curated
 *       columns).
 *   <li>Trailing text after the object is found by the line not ending in {@code }}: a second
 *       object after the first ({@code {..} {..}}) is not caught.
 *   <li>Lines are decoded by Spark's text source, which replaces invalid UTF-8 instead of rejecting
 *       the line.
 *   <li>JSON {@code null} and a missing field are the same to Spark ({@code {"ind": null, "index":
 *       5}} is key 5).
 *   <li>{@code dropDuplicates()} compares doubles after Spark's normalisation ({@code -0.0 = 0.0}),
 *       pinpipe compares the JSON text.
 * </ul>
 *
 * Dead-letter {@code error} texts name the same field as pinpipe's but are worded differently.
 */
final class SparkClean {
  static final String PIPELINE = "spark-reference";
  static final List<String> TABLES = List.of("pin", "geo", "user");

  /** MySQL's TEXT limit, as RecordFields.MAX_TEXT_BYTES. */
  private static final int MAX_TEXT_BYTES = 65_535;

  private static final String HIGH = "\\\\u[dD][89abAB][0-9a-fA-F]{2}";
  private static final String LOW = "\\\\u[dD][c-fC-F][0-9a-fA-F]{2}";

  /**
   * An escape (after an even run of backslashes) of half a surrogate pair without its other half.
   */
  private static final String LONE_SURROGATE =
      "(?<!\\\\)(?:\\\\\\\\)*(?:" + HIGH + "(?!" + LOW + ")|(?<!" + HIGH + ")" + LOW + ")";

  private SparkClean() {}

  static void run(SparkSession spark, String input, String output, String prefix, String formats)
      throws IOException {
    List<String> formatList = Arrays.asList(formats.split(","));
    String failedAt = Instant.now().toString();
    List<long[]> counts = new ArrayList<>();
    for (String table : TABLES) {
      // The checked rows feed three actions (counts, curated, dead letters): parse them once.
      Dataset<Row> checked =
          check(table, lines(spark, input, prefix, table)).persist(StorageLevel.MEMORY_AND_DISK());
      Row c = checked.agg(count(lit(1)), count(when(col("error").isNull(), 1))).first();
      long read = c.getLong(0);
      long curated = c.getLong(1);

      // cleaning.md §5: each distinct cleaned row once, as the original did it.
      Dataset<Row> distinct =
          checked
              .filter(col("error").isNull())
              .select(curatedColumns(table))
              .dropDuplicates()
              .persist(StorageLevel.MEMORY_AND_DISK());
      Path curatedDir = Path.of(output, "curated", table);
      clear(curatedDir);
      if (formatList.contains("jsonl")) {
        write(
            distinct.select(jsonLine(table)).write().mode(SaveMode.Overwrite),
            "text",
            output,
            curatedDir,
            ".jsonl");
      }
      if (formatList.contains("parquet")) {
        write(distinct.write().mode(SaveMode.Overwrite), "parquet", output, curatedDir, ".parquet");
      }
      long afterDedup = distinct.count();
      long keyConflicts = distinct.groupBy("ind").count().filter(col("count").gt(1)).count();

      Path deadDir = Path.of(output, "dead-letter", table);
      clear(deadDir);
      Dataset<Row> dead =
          checked
              .filter(col("error").isNotNull())
              .select(deadLetterLine(table, failedAt).as("value"));
      if (read > curated) {
        write(dead.coalesce(1).write().mode(SaveMode.Overwrite), "text", output, deadDir, ".jsonl");
      }
      counts.add(new long[] {read, curated, afterDedup, read - curated, keyConflicts});
      distinct.unpersist();
      checked.unpersist();
    }
    deleteTree(Path.of(output, ".spark-scratch"));
    print(counts, System.out);
  }

  /** The same layout as pinpipe's RunReport, so bin/pinpipe-bench reads both with one parser. */
  static void print(List<long[]> counts, PrintStream out) {
    out.printf(
        "%-6s %10s %14s %14s %14s %14s%n",
        "table", "read", "curated", "after dedup", "dead-lettered", "key conflicts");
    for (int i = 0; i < TABLES.size(); i++) {
      long[] t = counts.get(i);
      out.printf("%-6s %10d %14d %14d %14d %14d%n", TABLES.get(i), t[0], t[1], t[2], t[3], t[4]);
    }
  }

  /**
   * The records of one table's landing objects (wire-formats.md §4) with their source {@code
   * file:<path>#<line>}: each object read whole, split at {@code \n} (a last line without one still
   * counts, the empty string after the final {@code \n} does not), lines numbered from 1.
   */
  static Dataset<Row> lines(SparkSession spark, String input, String prefix, String table) {
    String glob = input + "/topics/" + prefix + "." + table + "/partition=*/*.json";
    return spark
        .read()
        .option("wholetext", "true")
        .text(glob)
        .select(
            regexp_replace(input_file_name(), "^file://", "file:").as("file"),
            split(col("value"), "\n", -1).as("lines"))
        // The count first, in a step of its own: computed beside the explode, it would make Spark
        // carry
        // the whole object's array along with every line.
        .select(col("file"), col("lines"), size(col("lines")).as("n"))
        .select(col("file"), col("n"), posexplode(col("lines")))
        .filter(not(col("pos").equalTo(col("n").minus(1)).and(col("col").equalTo(""))))
        .select(
            col("col").as("line"), concat(col("file"), lit("#"), col("pos").plus(1)).as("source"));
  }

  private static StructType rawSchema(String table) {
    List<String> fields;
    switch (table) {
      case "pin":
        fields =
            List.of(
                "index",
                "ind",
                "unique_id",
                "title",
                "description",
                "poster_name",
                "follower_count",
                "tag_list",
                "is_image_or_video",
                "image_src",
                "save_location",
                "category");
        break;
      case "geo":
        fields = List.of("ind", "index", "timestamp", "latitude", "longitude", "country");
        break;
      default:
        fields = List.of("ind", "index", "first_name", "last_name", "age", "date_joined");
    }
    StructType schema = new StructType();
    for (String f : fields) {
      schema = schema.add(f, DataTypes.StringType);
    }
    return schema.add("_corrupt_record", DataTypes.StringType);
  }

  /**
   * Each line with its error (null when it is curated) and its curated columns (cleaning.md §1–§4).
   * {@code lines} holds {@code line} and {@code source}; any other column of it (the stream's event
   * time) is carried through unchanged.
   */
  static Dataset<Row> check(String table, Dataset<Row> lines) {
    Column[] carried =
        Arrays.stream(lines.columns())
            .filter(name -> !name.equals("line") && !name.equals("source"))
            .map(name -> col(name))
            .toArray(Column[]::new);
    Map<String, String> options =
        Map.of(
            "mode", "PERMISSIVE",
            "columnNameOfCorruptRecord", "_corrupt_record",
            // NaN and Infinity are not JSON (cleaning.md §1: not valid JSON).
            "allowNonNumericNumbers", "false",
            // Spark reads {'ind': 4} by default; it is not JSON.
            "allowSingleQuotes", "false");
    List<Column> parsedColumns = new ArrayList<>();
    parsedColumns.add(col("line"));
    parsedColumns.add(col("source"));
    parsedColumns.add(from_json(col("line"), rawSchema(table), options).as("r"));
    parsedColumns.add(json_object_keys(col("line")).as("keys"));
    parsedColumns.addAll(Arrays.asList(carried));
    Dataset<Row> parsed = lines.select(parsedColumns.toArray(new Column[0]));

    List<Column> errors = new ArrayList<>();
    Column line = col("line");
    // §1: the record as a whole.
    errors.add(when(line.rlike("\\A\\p{javaWhitespace}*\\z"), "payload: empty record"));
    errors.add(when(col("keys").isNull(), "payload: not a JSON object"));
    errors.add(
        when(
            col("r").isNull().or(col("r._corrupt_record").isNotNull()), "payload: not valid JSON"));
    errors.add(when(not(line.rlike("\\}[ \\t\\r\\n]*\\z")), "payload: text after the JSON object"));
    errors.add(
        when(
            size(col("keys")).notEqual(size(array_distinct(col("keys")))),
            "payload: a key appears twice"));
    // One level down, in the objects of unknown fields; only records that have one pay for this
    // parse.
    Column unknown =
        array_except(
            col("keys"),
            array(
                Arrays.stream(rawSchema(table).fieldNames())
                    .map(n -> lit(n))
                    .toArray(Column[]::new)));
    Column nestedDuplicate =
        exists(
            map_values(
                from_json(
                    line,
                    DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
                    Map.of())),
            v ->
                v.startsWith("{")
                    .and(
                        size(json_object_keys(v))
                            .notEqual(size(array_distinct(json_object_keys(v))))));
    errors.add(
        when(
            size(unknown).gt(0).and(nestedDuplicate),
            "payload: a key appears twice in a nested object"));
    errors.add(
        when(
            line.contains("\\u").and(line.rlike(LONE_SURROGATE)),
            "payload: an escaped unpaired surrogate"));

    // §1: the key, `ind` or `index`, equal when both are sent.
    Column ind = f("ind");
    Column index = f("index");
    Column indLong = plainLong(ind);
    Column indexLong = plainLong(index);
    errors.add(
        when(
            ind.isNull().and(index.isNull()),
            (table.equals("pin") ? "index" : "ind") + ": missing key"));
    errors.add(when(ind.isNotNull().and(indLong.isNull()), "ind: expected an integer key"));
    errors.add(when(index.isNotNull().and(indexLong.isNull()), "index: expected an integer key"));
    errors.add(when(indLong.notEqual(indexLong), "ind: both index and ind are present and differ"));
    Column key = coalesce(indLong, indexLong).as("ind");

    List<Column> values = new ArrayList<>();
    values.add(key);
    switch (table) {
      case "pin":
        errors.add(requiredTextError("unique_id"));
        values.add(f("unique_id").as("unique_id"));
        for (String name : List.of("title", "description")) {
          errors.add(textError(name));
          values.add(text(name).as(name));
        }
        errors.add(textError("follower_count"));
        errors.add(followerCountError());
        values.add(followerCount().as("follower_count"));
        for (String name :
            List.of("poster_name", "tag_list", "is_image_or_video", "image_src", "save_location")) {
          errors.add(textError(name));
          Column value = text(name);
          if (name.equals("save_location")) {
            // §2 step 3: only the path is kept.
            value =
                when(value.startsWith("Local save in "), substring(value, 15, Integer.MAX_VALUE))
                    .otherwise(value);
          }
          values.add(value.as(name));
        }
        errors.add(requiredTextError("category"));
        values.add(f("category").as("category"));
        break;
      case "geo":
        errors.add(requiredTextError("country"));
        values.add(f("country").as("country"));
        Column latitude = plainDouble(f("latitude"));
        Column longitude = plainDouble(f("longitude"));
        errors.add(
            when(f("latitude").isNotNull().and(latitude.isNull()), "latitude: expected a number"));
        errors.add(when(not(abs(latitude).leq(90)), "latitude: outside -90…90"));
        errors.add(
            when(
                f("longitude").isNotNull().and(longitude.isNull()),
                "longitude: expected a number"));
        errors.add(when(not(abs(longitude).leq(180)), "longitude: outside -180…180"));
        errors.add(
            when(
                latitude.isNull().and(longitude.isNotNull()),
                "latitude: missing while longitude is present"));
        errors.add(
            when(
                longitude.isNull().and(latitude.isNotNull()),
                "longitude: missing while latitude is present"));
        // Both are non-null here; the coalesce only tells Spark so, which makes the Parquet list's
        // elements required (a list of doubles to readers, as pinpipe's files) instead of optional
        // records.
        values.add(
            when(
                    latitude.isNotNull(),
                    array(coalesce(latitude, lit(0.0)), coalesce(longitude, lit(0.0))))
                .as("coordinates"));
        errors.add(datetimeError("timestamp"));
        values.add(datetime(f("timestamp")).as("timestamp"));
        break;
      default:
        errors.add(requiredTextError("first_name"));
        errors.add(requiredTextError("last_name"));
        values.add(concat(f("first_name"), lit(" "), f("last_name")).as("user_name"));
        Column age = plainLong(f("age"));
        errors.add(when(f("age").isNotNull().and(age.isNull()), "age: expected an integer"));
        errors.add(when(age.lt(0), "age: negative"));
        errors.add(when(age.gt(Integer.MAX_VALUE), "age: out of range"));
        values.add(age.cast("int").as("age"));
        errors.add(datetimeError("date_joined"));
        values.add(datetime(f("date_joined")).as("date_joined"));
    }
    Column error = coalesce(errors.toArray(new Column[0]));
    List<Column> out = new ArrayList<>();
    out.add(error.as("error"));
    // Dead letters need the payload and source; curated rows need neither, so the cache does not
    // hold them.
    out.add(when(error.isNotNull(), col("line")).as("payload"));
    out.add(when(error.isNotNull(), col("source")).as("source"));
    out.addAll(values);
    out.addAll(Arrays.asList(carried));
    return parsed.select(out.toArray(new Column[0]));
  }

  private static Column f(String name) {
    return col("r." + name);
  }

  /**
   * Spark renders a JSON object or array in a string column as its JSON text. Both ends are checked
   * because json_object_keys and json_array_length read the first value and ignore what follows (a
   * title "[101] Creative ..." is text).
   */
  private static Column container(Column value) {
    return value
        .startsWith("{")
        .and(value.endsWith("}"))
        .and(json_object_keys(value).isNotNull())
        .or(
            value
                .startsWith("[")
                .and(value.endsWith("]"))
                .and(json_array_length(value).isNotNull()));
  }

  private static Column blank(Column value) {
    return value.rlike("\\A\\p{javaWhitespace}*\\z");
  }

  /** §1: a text column holds text (not an object or array) of at most MySQL TEXT's 65,535 bytes. */
  private static Column textError(String name) {
    Column value = f(name);
    return coalesce(
        when(container(value), name + ": expected text, got an object or array"),
        when(
            octet_length(value).gt(MAX_TEXT_BYTES), name + ": text longer than 65535 UTF-8 bytes"));
  }

  private static Column requiredTextError(String name) {
    Column value = f(name);
    return coalesce(
        when(value.isNull(), name + ": required text is missing"),
        textError(name),
        when(blank(value), name + ": required text is empty"));
  }

  /** §2 step 1: the placeholders of each column, and blank text, become null. */
  private static Column text(String name) {
    Column value = f(name);
    List<String> placeholders;
    switch (name) {
      case "title":
        placeholders = List.of("No Title Data Available");
        break;
      case "description":
        placeholders =
            List.of(
                "No description available Story format", "No description available", "Untitled");
        break;
      case "poster_name":
      case "follower_count":
        placeholders = List.of("User Info Error");
        break;
      case "tag_list":
        placeholders = List.of("N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e");
        break;
      case "image_src":
        placeholders = List.of("Image src error.");
        break;
      default:
        placeholders = List.of();
    }
    Column isPlaceholder = blank(value);
    if (!placeholders.isEmpty()) {
      isPlaceholder = isPlaceholder.or(value.isin(placeholders.toArray()));
    }
    return when(not(isPlaceholder), value);
  }

  /** An integer as plain digits within 64 bits (a cast that overflows gives null). */
  private static Column plainLong(Column value) {
    return when(value.rlike("\\A-?[0-9]{1,40}\\z"), value.cast("bigint"));
  }

  /** A number (or numeric string), finite. */
  private static Column plainDouble(Column value) {
    Column d = value.cast("double");
    return when(
        value
            .rlike("\\A-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?\\z")
            .and(abs(d).leq(Double.MAX_VALUE)),
        d);
  }

  private static final String FOLLOWERS = "\\A([0-9]{1,30})(?:\\.([0-9]{1,30}))?([kM]?)\\z";

  /**
   * §2 step 2: 437, 124k, 2M, 1.5k as a 64-bit integer; exact: the digits are shifted, never
   * multiplied as doubles.
   */
  private static Column followerCount() {
    Column value = text("follower_count");
    Column whole = regexp_extract(value, FOLLOWERS, 1);
    Column fraction = regexp_replace(regexp_extract(value, FOLLOWERS, 2), "0+$", "");
    Column suffix = regexp_extract(value, FOLLOWERS, 3);
    Column digits =
        when(
                suffix.equalTo("k").and(length(fraction).leq(3)),
                concat(whole, rpad(fraction, 3, "0")))
            .when(
                suffix.equalTo("M").and(length(fraction).leq(6)),
                concat(whole, rpad(fraction, 6, "0")))
            .when(suffix.equalTo("").and(length(fraction).equalTo(0)), whole);
    return when(value.rlike(FOLLOWERS), digits.cast("bigint"));
  }

  private static Column followerCountError() {
    return when(
        text("follower_count").isNotNull().and(followerCount().isNull()),
        "follower_count: expected digits with an optional k or M suffix, a whole number within 64 bits");
  }

  /**
   * §1 datetimes: YYYY-MM-DD, then T or a space, HH:MM:SS, optional fraction, optional Z or offset;
   * without a zone UTC (the session's zone). Millisecond precision, as pinpipe's rows hold.
   */
  private static Column datetime(Column value) {
    // Four digits of year first: Spark's yyyy would also read "-0001" and "+2020".
    Column dated = when(value.rlike("\\A[0-9]{4}-"), value);
    List<Column> tries = new ArrayList<>();
    for (String separator : List.of("' '", "'T'")) {
      for (String zone : List.of("", "XXX", "XX", "X")) {
        tries.add(to_timestamp(dated, "yyyy-MM-dd" + separator + "HH:mm:ss[.SSSSSSSSS]" + zone));
      }
    }
    return date_trunc("millisecond", coalesce(tries.toArray(new Column[0])));
  }

  private static Column datetimeError(String name) {
    return when(
        f(name).isNotNull().and(datetime(f(name)).isNull()),
        name + ": cannot parse datetime (expected YYYY-MM-DD HH:MM:SS)");
  }

  private static Column[] curatedColumns(String table) {
    switch (table) {
      case "pin":
        return cols(
            "ind",
            "unique_id",
            "title",
            "description",
            "follower_count",
            "poster_name",
            "tag_list",
            "is_image_or_video",
            "image_src",
            "save_location",
            "category");
      case "geo":
        return cols("ind", "country", "coordinates", "timestamp");
      default:
        return cols("ind", "user_name", "age", "date_joined");
    }
  }

  private static Column[] cols(String... names) {
    return Arrays.stream(names).map(n -> col(n)).toArray(Column[]::new);
  }

  /**
   * §6 JSON Lines: keys in column order, nulls written, timestamps as 2020-08-28T03:52:47Z
   * (ISO_INSTANT).
   */
  static Column jsonLine(String table) {
    return jsonLineText(table).as("value");
  }

  /** {@link #jsonLine} without its name, for use inside another expression. */
  static Column jsonLineText(String table) {
    List<Column> fields = new ArrayList<>();
    for (Column c : curatedColumns(table)) {
      String name = c.toString();
      fields.add(
          name.equals("timestamp") || name.equals("date_joined")
              ? instantText(col(name)).as(name)
              : c);
    }
    return to_json(struct(fields.toArray(new Column[0])), Map.of("ignoreNullFields", "false"));
  }

  /**
   * §7: the dead letter of a checked row, as one JSON line (over the columns of {@link #check}).
   */
  static Column deadLetterLine(String table, String failedAt) {
    return to_json(
        struct(
            lit(table).as("table"),
            col("source"),
            col("payload"),
            col("error"),
            lit(PIPELINE).as("pipeline"),
            lit(failedAt).as("failed_at")));
  }

  /** ISO_INSTANT of a millisecond timestamp: no fraction when it is zero, else three digits. */
  private static Column instantText(Column ts) {
    Column millis = pmod(unix_millis(ts), lit(1000));
    return concat(
        date_format(ts, "yyyy-MM-dd'T'HH:mm:ss"),
        when(millis.notEqual(0), concat(lit("."), lpad(millis.cast("string"), 3, "0")))
            .otherwise(lit("")),
        lit("Z"));
  }

  /**
   * Writes through Spark into a scratch folder, then moves the part files to {@code dir} as {@code
   * part-<i>-of-<n><suffix>}: names that depend only on the input (cleaning.md §6) and the suffixes
   * pinpipe's export uses.
   */
  private static void write(
      org.apache.spark.sql.DataFrameWriter<Row> writer,
      String format,
      String output,
      Path dir,
      String suffix)
      throws IOException {
    Path scratch =
        Path.of(
            output,
            ".spark-scratch",
            dir.getParent().getFileName() + "-" + dir.getFileName() + suffix.replace('.', '-'));
    writer.format(format).save(scratch.toString());
    List<Path> parts;
    try (Stream<Path> files = Files.list(scratch)) {
      parts =
          files
              .filter(p -> p.getFileName().toString().startsWith("part-"))
              .sorted()
              .collect(Collectors.toList());
    }
    Files.createDirectories(dir);
    for (int i = 0; i < parts.size(); i++) {
      Files.move(
          parts.get(i), dir.resolve(String.format("part-%05d-of-%05d%s", i, parts.size(), suffix)));
    }
    deleteTree(scratch);
  }

  private static void clear(Path dir) throws IOException {
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p :
          (Iterable<Path>) files.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
        Files.delete(p);
      }
    }
  }
}
