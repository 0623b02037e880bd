package io.pinpipe.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.InvalidRecordException;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cleaning.md §2: pinterest_data → pin. */
class PinCleanerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RecordCleaner PIN = Table.PIN.cleaner();

  static ObjectNode validRow() {
    ObjectNode row = JSON.createObjectNode();
    row.put("index", 7);
    row.put("unique_id", "5a6e0a2f-0000-4b6c-8b1e-000000000007");
    row.put("title", "A  title with  runs of spaces… ");
    row.put("description", "Some description");
    row.put("poster_name", "Bored Panda");
    row.put("follower_count", "124k");
    row.put("tag_list", "Art,Drawing");
    row.put("is_image_or_video", "image");
    row.put("image_src", "https://i.pinimg.com/originals/x.jpg");
    row.put("downloaded", 1);
    row.put("save_location", "Local save in /data/art");
    row.put("category", "art");
    return row;
  }

  static Row curate(ObjectNode row) throws InvalidRecordException {
    return PIN.curate(row.toString());
  }

  @Test
  void validRowBecomesCuratedColumnsInSpecOrder() throws Exception {
    assertEquals(
        "{\"ind\":7,\"unique_id\":\"5a6e0a2f-0000-4b6c-8b1e-000000000007\","
            + "\"title\":\"A  title with  runs of spaces… \",\"description\":\"Some description\","
            + "\"follower_count\":124000,\"poster_name\":\"Bored Panda\",\"tag_list\":\"Art,Drawing\","
            + "\"is_image_or_video\":\"image\",\"image_src\":\"https://i.pinimg.com/originals/x.jpg\","
            + "\"save_location\":\"/data/art\",\"category\":\"art\"}",
        CuratedJson.toJson(curate(validRow())));
  }

  @ParameterizedTest(name = "§2.1 {0}=''{1}'' becomes null")
  @CsvSource(
      delimiter = '|',
      value = {
        "title|No Title Data Available",
        "title|''",
        "description|No description available Story format",
        "description|No description available",
        "description|Untitled",
        "poster_name|User Info Error",
        "follower_count|User Info Error",
        "tag_list|N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
        "image_src|Image src error.",
        "poster_name|'   '",
        "tag_list|'\t'",
        "is_image_or_video|' '",
        "save_location|''",
      })
  void placeholdersAndBlankTextBecomeNull(String column, String value) throws Exception {
    ObjectNode row = validRow();
    row.put(column, value);
    assertNull(curate(row).getValue(column));
  }

  @ParameterizedTest(name = "§2.1 {0}=''{1}'' is kept")
  @CsvSource(
      delimiter = '|',
      value = {
        "title|Untitled",
        "title|no title data available",
        "description|No description available.",
        "image_src|Image src error",
        "is_image_or_video|multi-video(story page format)",
      })
  void placeholdersAreWholeValueAndCaseSensitive(String column, String value) throws Exception {
    ObjectNode row = validRow();
    row.put(column, value);
    assertEquals(value, curate(row).getString(column));
  }

  @Test
  void followerCountAcceptsJsonNumbers() throws Exception {
    ObjectNode row = validRow();
    row.put("follower_count", 437);
    assertEquals(437L, curate(row).getInt64("follower_count"));
  }

  @Test
  void unparseableFollowerCountIsRejectedNamingTheField() {
    ObjectNode row = validRow();
    row.put("follower_count", "lots");
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> curate(row));
    assertEquals("follower_count", e.field());
  }

  @ParameterizedTest(name = "§2.3 ''{0}'' → ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "Local save in /data/art|/data/art",
        "Local save in /data/home-decor|/data/home-decor",
        "/data/art|/data/art",
        "local save in /data/art|local save in /data/art",
        "Saved at Local save in /x|Saved at Local save in /x",
      })
  void saveLocationKeepsOnlyThePath(String raw, String expected) throws Exception {
    ObjectNode row = validRow();
    row.put("save_location", raw);
    assertEquals(expected, curate(row).getString("save_location"));
  }

  @Test
  void indexIsRenamedIndAndDownloadedIsNotCarried() throws Exception {
    Row row = curate(validRow());
    assertEquals(7L, row.getInt64("ind"));
    assertEquals(
        List.of(
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
            "category"),
        row.getSchema().getFieldNames());
  }

  @Test
  void unicodeAndQuotesAreKeptExactly() throws Exception {
    ObjectNode row = validRow();
    String title = "Ελληνικά «κείμενο» \"quoted\" 𝓜𝓪𝓽𝓱 😀 …\u00a0";
    row.put("title", title);
    assertEquals(title, curate(row).getString("title"));
  }

  @ParameterizedTest(name = "§1 required {0} missing or blank")
  @ValueSource(strings = {"unique_id", "category"})
  void requiredTextMissingOrBlankIsRejected(String column) {
    ObjectNode missing = validRow();
    missing.remove(column);
    assertEquals(column, assertThrows(InvalidRecordException.class, () -> curate(missing)).field());
    ObjectNode blank = validRow();
    blank.put(column, "  ");
    assertEquals(column, assertThrows(InvalidRecordException.class, () -> curate(blank)).field());
  }

  @Test
  void unknownExtraFieldsAreIgnored() throws Exception {
    ObjectNode row = validRow();
    row.put("brand_new_column", "whatever");
    assertEquals(CuratedJson.toJson(curate(validRow())), CuratedJson.toJson(curate(row)));
  }
}
