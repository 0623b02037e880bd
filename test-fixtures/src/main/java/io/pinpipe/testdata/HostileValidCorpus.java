package io.pinpipe.testdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that look hostile but are valid by cleaning.md, each with the curated row it must become,
 * read from {@code hostile-valid.jsonl}: SQL and HTML injection text in every text column (text is
 * data: it must come out byte-exact, cleaning.md §6), escaped NUL characters, emoji and bidi
 * controls, timestamps in the year 9999 and before 1970, the extreme 64-bit keys. The huge cases (a
 * 10 MB unknown field, deep nesting the parser still accepts, text exactly at MySQL's TEXT limit)
 * are built here rather than stored.
 */
public final class HostileValidCorpus {

  /**
   * One hostile but valid record.
   *
   * @param name short kebab-case name of what is hostile about it
   * @param table {@code pin}, {@code geo} or {@code user}: where the record was read from
   * @param payload the raw record text, exactly as a source would deliver it
   * @param curated the curated row it must become, as its JSON Lines form (cleaning.md §6)
   */
  public record Case(String name, String table, String payload, String curated) {
    @Override
    public String toString() {
      return table + "/" + name;
    }
  }

  /** MySQL's TEXT limit in UTF-8 bytes: the longest text a source column can hold. */
  static final int MAX_TEXT_BYTES = 65_535;

  /** Well inside Jackson's nesting limit of 1,000, so still a valid record. */
  static final int ACCEPTED_DEPTH = 500;

  private static final List<Case> CASES = load();

  private HostileValidCorpus() {}

  /** All cases, stored ones first, in file order. */
  public static List<Case> cases() {
    return CASES;
  }

  private static List<Case> load() {
    List<Case> cases = new ArrayList<>(stored());
    String user =
        "{\"ind\": 0, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": 20,"
            + " \"date_joined\": \"2015-10-21 21:26:45\"";
    String userCurated =
        "{\"ind\":0,\"user_name\":\"Adam Acosta\",\"age\":20,\"date_joined\":\"2015-10-21T21:26:45Z\"}";
    cases.add(
        new Case(
            "unknown-field-10-mb",
            "user",
            user + ", \"notes\": \"" + "<script>".repeat(MalformedCorpus.TEN_MB / 8) + "\"}",
            userCurated));
    cases.add(
        new Case(
            "unknown-field-nested-500-deep",
            "user",
            user + ", \"extra\": " + "[".repeat(ACCEPTED_DEPTH) + "]".repeat(ACCEPTED_DEPTH) + "}",
            userCurated));
    String longest = "a".repeat(MAX_TEXT_BYTES);
    cases.add(
        new Case(
            "first-name-at-mysql-text-limit",
            "user",
            user.replace("\"Adam\"", "\"" + longest + "\"") + "}",
            userCurated.replace("Adam Acosta", longest + " Acosta")));
    return List.copyOf(cases);
  }

  private static List<Case> stored() {
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    for (String line : RealRows.load("hostile-valid.jsonl")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("hostile-valid.jsonl line is not JSON: " + line, e);
      }
      cases.add(
          new Case(
              text(node, "case", line),
              text(node, "table", line),
              text(node, "payload", line),
              text(node, "curated", line)));
    }
    return cases;
  }

  private static String text(JsonNode node, String key, String line) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException(
          "hostile-valid.jsonl line lacks text \"" + key + "\": " + line);
    }
    return value.textValue();
  }
}
