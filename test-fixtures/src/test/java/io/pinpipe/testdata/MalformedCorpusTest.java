package io.pinpipe.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MalformedCorpusTest {

  /** Strict JSON: duplicate keys and trailing tokens are errors, NaN is not a number. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Map<String, Set<String>> COLUMNS =
      Map.of(
          "pin",
              Set.of(
                  "index",
                  "unique_id",
                  "title",
                  "description",
                  "poster_name",
                  "follower_count",
                  "tag_list",
                  "is_image_or_video",
                  "image_src",
                  "downloaded",
                  "save_location",
                  "category"),
          "geo", Set.of("ind", "timestamp", "latitude", "longitude", "country"),
          "user", Set.of("ind", "first_name", "last_name", "age", "date_joined"));

  private static final List<MalformedCorpus.Case> CASES = MalformedCorpus.cases();

  @Test
  void holdsAtLeast100CasesWithUniqueKebabCaseNamesAcrossAllThreeCorpora() {
    assertTrue(CASES.size() >= 100, "only " + CASES.size() + " cases");
    Pattern kebab = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    Set<String> names = new HashSet<>();
    List<String> all = new java.util.ArrayList<>();
    CASES.forEach(c -> all.add(c.name()));
    HostileValidCorpus.cases().forEach(c -> all.add(c.name()));
    MalformedBytes.cases().forEach(c -> all.add(c.name()));
    for (String name : all) {
      assertTrue(kebab.matcher(name).matches(), name);
      assertTrue(names.add(name), "duplicate case name " + name);
    }
  }

  @Test
  void hostileValidCasesAreStrictJsonObjectsOfAKnownTableWithACuratedRow() {
    assertTrue(
        HostileValidCorpus.cases().size() >= 30, "only " + HostileValidCorpus.cases().size());
    for (HostileValidCorpus.Case c : HostileValidCorpus.cases()) {
      assertTrue(COLUMNS.containsKey(c.table()), c + ": table " + c.table());
      assertTrue(isStrictJsonObject(c.payload()), c + " is not a valid JSON object");
      assertTrue(isStrictJsonObject(c.curated()), c + ": curated row is not a JSON object");
    }
  }

  @Test
  void everyTextColumnHasAnSqlAndAnHtmlInjectionCase() {
    Set<String> names = new HashSet<>();
    HostileValidCorpus.cases().forEach(c -> names.add(c.name()));
    for (String column :
        List.of(
            "unique-id",
            "title",
            "description",
            "poster-name",
            "tag-list",
            "is-image-or-video",
            "image-src",
            "save-location",
            "category",
            "country",
            "first-name",
            "last-name")) {
      assertTrue(names.contains(column + "-sql-injection"), column);
      assertTrue(names.contains(column + "-html-injection"), column);
    }
  }

  @Test
  void byteCasesAreSingleLinesAndTheInvalidOnesAreNotUtf8() {
    for (MalformedBytes.Case c : MalformedBytes.cases()) {
      for (byte b : c.bytes()) {
        assertTrue(b != '\n', c + " holds a newline");
      }
      boolean decodes;
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(c.bytes()));
        decodes = true;
      } catch (java.nio.charset.CharacterCodingException e) {
        decodes = false;
      }
      assertEquals(c.validUtf8(), decodes, c.toString());
    }
  }

  @Test
  void hugeCasesAreBuiltInCodeAtTheirAdvertisedSize() {
    MalformedCorpus.Case title =
        CASES.stream().filter(c -> c.name().equals("title-10-mb")).findFirst().orElseThrow();
    assertTrue(parse(title.payload()).get("title").textValue().length() >= 10 * 1024 * 1024);
    MalformedCorpus.Case deep =
        CASES.stream()
            .filter(c -> c.name().equals("nested-arrays-depth-100000"))
            .findFirst()
            .orElseThrow();
    assertTrue(deep.payload().startsWith("[".repeat(100_000)));
  }

  @Test
  void everyCaseNamesATableAndAColumnOfItOrPayload() {
    for (MalformedCorpus.Case c : CASES) {
      assertTrue(COLUMNS.containsKey(c.table()), c + ": table " + c.table());
      // geo and user may also send their key as `index`, but the error must name `ind`.
      assertTrue(
          c.field().equals("payload") || COLUMNS.get(c.table()).contains(c.field()),
          c + ": field " + c.field());
    }
  }

  @Test
  void noTwoPayloadsAreByteIdentical() {
    Map<String, String> seen = new HashMap<>();
    for (MalformedCorpus.Case c : CASES) {
      String before = seen.put(c.payload(), c.name());
      assertEquals(null, before, c.name() + " repeats the payload of " + before);
    }
  }

  @Test
  void wholeRecordCasesAreNotAStrictJsonObject() {
    for (MalformedCorpus.Case c : CASES) {
      if (c.field().equals("payload")) {
        assertFalse(isStrictJsonObject(c.payload()), c + " parses as a JSON object");
      }
    }
  }

  @Test
  void fieldCasesAreValidJsonObjectsSoOnlyTheFieldIsWrong() {
    for (MalformedCorpus.Case c : CASES) {
      if (!c.field().equals("payload")) {
        assertTrue(isStrictJsonObject(c.payload()), c + " is not a valid JSON object");
      }
    }
  }

  @Test
  void coversEveryDeadLetterRuleOfCleaningSection1() {
    Set<String> fields = new HashSet<>();
    CASES.forEach(c -> fields.add(c.table() + "." + c.field()));
    for (String required :
        List.of(
            // not JSON / not an object; key missing or not an integer; both keys differ
            "pin.payload",
            "geo.payload",
            "user.payload",
            "pin.index",
            "geo.ind",
            "user.ind",
            // unconvertible values and ranges
            "pin.follower_count",
            "user.age",
            "geo.latitude",
            "geo.longitude",
            // unparseable datetimes
            "geo.timestamp",
            "user.date_joined",
            // required text columns
            "pin.unique_id",
            "pin.category",
            "geo.country",
            "user.first_name",
            "user.last_name")) {
      assertTrue(fields.contains(required), "no case for " + required);
    }
  }

  @Test
  void hugeTitleIsLongerThanMysqlTextAllows() {
    MalformedCorpus.Case huge =
        CASES.stream()
            .filter(c -> c.name().equals("title-longer-than-mysql-text"))
            .findFirst()
            .orElseThrow();
    String title = parse(huge.payload()).get("title").textValue();
    assertTrue(title.getBytes(StandardCharsets.UTF_8).length > 65_535);
  }

  private static boolean isStrictJsonObject(String text) {
    try {
      JsonNode node = STRICT.readTree(text);
      return node != null && node.isObject();
    } catch (Exception e) { // includes StreamConstraintsException for nesting deeper than 1000
      return false;
    }
  }

  private static JsonNode parse(String text) {
    try {
      return STRICT.readTree(text);
    } catch (Exception e) {
      fail("not JSON: " + e);
      return null;
    }
  }
}
