package io.pinpipe.serve;

import io.pinpipe.transforms.analytics.AgeGroup;
import io.pinpipe.transforms.analytics.UtcYear;
import io.pinpipe.transforms.model.Table;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.HashFunction;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hasher;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hashing;
import org.apache.iceberg.data.Record;

/**
 * What the questions read of a curated row (analytics.md), as the three values of {@link Facts}:
 *
 * <ul>
 *   <li>pin: a = category, b = follower_count, c = poster_name (ids of {@link #texts});
 *   <li>geo: a = country, b = the UTC year of timestamp;
 *   <li>user: a = the age group's rank ({@link AgeGroup#rank}), b = the UTC year of date_joined.
 * </ul>
 *
 * <p>A row's fingerprint is a 64-bit hash of every curated column (cleaning.md §5: rows are the
 * same when all their values are), so a speed-layer row equal to a batch-view row is known as one.
 * Two different rows of one key colliding is a one in 2^64 event per pair of rows with the same
 * key.
 */
final class RowFacts {
  private static final HashFunction HASH = Hashing.murmur3_128();

  /** Categories, countries and poster names, shared by every table of one view. */
  final Dictionary texts = new Dictionary();

  /** Adds {@code record} (a row of {@code table}'s batch view or speed table) to {@code facts}. */
  void add(Table table, Record record, Facts facts) {
    long key = (Long) record.getField("ind");
    long fingerprint = fingerprint(table, record);
    switch (table) {
      case PIN ->
          facts.add(
              key,
              fingerprint,
              texts.id((String) record.getField("category")),
              orNone((Long) record.getField("follower_count")),
              texts.id((String) record.getField("poster_name")));
      case GEO ->
          facts.add(
              key,
              fingerprint,
              texts.id((String) record.getField("country")),
              year((OffsetDateTime) record.getField("timestamp")),
              Dictionary.NULL);
      case USER -> {
        String group = AgeGroup.of((Integer) record.getField("age"));
        facts.add(
            key,
            fingerprint,
            group == null ? -1 : AgeGroup.rank(group),
            year((OffsetDateTime) record.getField("date_joined")),
            Dictionary.NULL);
      }
      default -> throw new IllegalArgumentException(table.toString());
    }
  }

  private static final Map<Table, List<String>> COLUMNS = new EnumMap<>(Table.class);

  static {
    for (Table table : Table.POSTING_EVENT) {
      COLUMNS.put(table, List.copyOf(table.curatedSchema().getFieldNames()));
    }
  }

  /** The columns a reader must ask for: every curated column (the fingerprint reads them all). */
  static List<String> columns(Table table) {
    return COLUMNS.get(table);
  }

  static long fingerprint(Table table, Record record) {
    Hasher hasher = HASH.newHasher();
    for (String column : columns(table)) {
      Object value = record.getField(column);
      if (value == null) {
        hasher.putByte((byte) 0);
        continue;
      }
      String text =
          value instanceof OffsetDateTime time ? time.toInstant().toString() : value.toString();
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      hasher.putByte((byte) 1).putInt(bytes.length).putBytes(bytes);
    }
    return hasher.hash().asLong();
  }

  private static long orNone(Long value) {
    return value == null ? Facts.NO_VALUE : value;
  }

  private static long year(OffsetDateTime time) {
    return time == null ? Facts.NO_VALUE : UtcYear.ofEpochMilli(time.toInstant().toEpochMilli());
  }
}
