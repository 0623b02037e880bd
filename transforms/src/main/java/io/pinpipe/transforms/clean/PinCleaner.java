package io.pinpipe.transforms.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinpipe.transforms.model.CuratedSchemas;
import io.pinpipe.transforms.parse.InvalidRecordException;
import io.pinpipe.transforms.parse.RecordFields;
import java.util.Set;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/** cleaning.md §2: {@code pinterest_data} → curated {@code pin}. */
public final class PinCleaner implements RecordCleaner {
  private static final long serialVersionUID = 1L;

  /** §2 step 3: the exact leading text removed from {@code save_location}. */
  static final String SAVE_LOCATION_PREFIX = "Local save in ";

  // §2 step 1: whole-value, case-sensitive placeholders that mean "no data".
  private static final Set<String> TITLE_PLACEHOLDERS = Set.of("No Title Data Available", "");
  private static final Set<String> DESCRIPTION_PLACEHOLDERS =
      Set.of("No description available Story format", "No description available", "Untitled");
  private static final Set<String> POSTER_NAME_PLACEHOLDERS = Set.of("User Info Error");
  private static final Set<String> FOLLOWER_COUNT_PLACEHOLDERS = Set.of("User Info Error");
  private static final Set<String> TAG_LIST_PLACEHOLDERS =
      Set.of("N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e");
  private static final Set<String> IMAGE_SRC_PLACEHOLDERS = Set.of("Image src error.");

  @Override
  public Row clean(RecordFields fields) throws InvalidRecordException {
    long ind = fields.key("index");
    return Row.withSchema(CuratedSchemas.PIN)
        .attachValues(
            ind,
            fields.requiredText("unique_id"),
            text(fields, "title", TITLE_PLACEHOLDERS),
            text(fields, "description", DESCRIPTION_PLACEHOLDERS),
            followerCount(fields),
            text(fields, "poster_name", POSTER_NAME_PLACEHOLDERS),
            text(fields, "tag_list", TAG_LIST_PLACEHOLDERS),
            text(fields, "is_image_or_video", Set.of()),
            text(fields, "image_src", IMAGE_SRC_PLACEHOLDERS),
            saveLocation(text(fields, "save_location", Set.of())),
            fields.requiredText("category"));
  }

  /** §2 step 1: placeholders and empty or whitespace-only text become null. */
  static @Nullable String text(RecordFields fields, String name, Set<String> placeholders)
      throws InvalidRecordException {
    String text = fields.text(name);
    return text == null || text.isBlank() || placeholders.contains(text) ? null : text;
  }

  /** §2 steps 1–2: the placeholder becomes null, then the count becomes a 64-bit integer. */
  private static @Nullable Long followerCount(RecordFields fields) throws InvalidRecordException {
    JsonNode node = fields.value("follower_count");
    if (node != null && node.isNumber()) {
      return fields.optionalLong("follower_count");
    }
    String text = text(fields, "follower_count", FOLLOWER_COUNT_PLACEHOLDERS);
    return text == null ? null : FollowerCount.parse(text);
  }

  /** §2 step 3: {@code Local save in /data/art} → {@code /data/art}; other values unchanged. */
  static @Nullable String saveLocation(@Nullable String value) {
    return value != null && value.startsWith(SAVE_LOCATION_PREFIX)
        ? value.substring(SAVE_LOCATION_PREFIX.length())
        : value;
  }
}
