package io.pinpipe.transforms.analytics;

import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** The batch questions of analytics.md: id, wording, output columns and row order. */
public enum Question {
  Q1(
      "q1",
      "Most popular category in each country",
      Schema.builder()
          .addStringField("country")
          .addStringField("category")
          .addInt64Field("category_count")
          .build(),
      List.of("country", "category")),
  Q2(
      "q2",
      "Most popular category each year, 2018–2022",
      Schema.builder()
          .addInt64Field("post_year")
          .addStringField("category")
          .addInt64Field("category_count")
          .build(),
      List.of("post_year", "category")),
  Q3(
      "q3",
      "User with the most followers in each country",
      Schema.builder()
          .addStringField("country")
          .addNullableStringField("poster_name")
          .addInt64Field("follower_count")
          .build(),
      List.of("country", "poster_name")),
  Q3_TOP(
      "q3_top",
      "Country of the user with the most followers",
      Schema.builder().addStringField("country").addInt64Field("follower_count").build(),
      List.of("country")),
  Q4(
      "q4",
      "Most popular category per age group",
      Schema.builder()
          .addStringField("age_group")
          .addStringField("category")
          .addInt64Field("category_count")
          .build(),
      List.of("age_group", "category")),
  Q5(
      "q5",
      "Median follower count per age group",
      Schema.builder().addStringField("age_group").addInt64Field("median_follower_count").build(),
      List.of("age_group")),
  Q6(
      "q6",
      "Users who joined each year, 2015–2020",
      Schema.builder().addInt64Field("post_year").addInt64Field("number_users_joined").build(),
      List.of("post_year")),
  Q7(
      "q7",
      "Median follower count by joining year, 2015–2020",
      Schema.builder().addInt64Field("post_year").addInt64Field("median_follower_count").build(),
      List.of("post_year")),
  Q8(
      "q8",
      "Median follower count by age group and joining year, 2015–2020",
      Schema.builder()
          .addStringField("age_group")
          .addInt64Field("post_year")
          .addInt64Field("median_follower_count")
          .build(),
      List.of("age_group", "post_year"));

  /** The years q2 counts posts in (the year of {@code geo.timestamp}). */
  public static final long POST_YEARS_FROM = 2018;

  public static final long POST_YEARS_TO = 2022;

  /** The joining years q6, q7 and q8 count (the year of {@code user.date_joined}). */
  public static final long JOIN_YEARS_FROM = 2015;

  public static final long JOIN_YEARS_TO = 2020;

  private final String id;
  private final String text;
  private final Schema schema;
  private final List<String> orderBy;
  private final TupleTag<Row> tag;

  Question(String id, String text, Schema schema, List<String> orderBy) {
    this.id = id;
    this.text = text;
    this.schema = schema;
    this.orderBy = orderBy;
    this.tag = new TupleTag<>(id);
  }

  public String id() {
    return id;
  }

  public String text() {
    return text;
  }

  public Schema schema() {
    return schema;
  }

  /** The tag of this answer in the output of {@link BatchQuestions}. */
  public TupleTag<Row> tag() {
    return tag;
  }

  /**
   * The row order of analytics.md: age groups in their own order, text and numbers ascending, nulls
   * first.
   */
  public Comparator<Row> rowOrder() {
    Comparator<Row> order = (a, b) -> 0;
    for (String field : orderBy) {
      Comparator<Row> next;
      if (field.equals("age_group")) {
        next = Comparator.comparingInt(row -> AgeGroup.rank(row.getString(field)));
      } else if (schema.getField(field).getType().getTypeName() == Schema.TypeName.INT64) {
        next =
            Comparator.comparing(
                row -> row.getInt64(field), Comparator.nullsFirst(Comparator.naturalOrder()));
      } else {
        next =
            Comparator.comparing(
                row -> row.getString(field), Comparator.nullsFirst(Comparator.naturalOrder()));
      }
      order = order.thenComparing(next);
    }
    return order;
  }

  public static Question fromId(String id) {
    for (Question q : values()) {
      if (q.id.equals(id)) {
        return q;
      }
    }
    throw new IllegalArgumentException("unknown question " + id);
  }
}
