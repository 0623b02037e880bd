package io.pinpipe.testdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that cleaning must send to the dead-letter output (cleaning.md §1), each a real row with
 * exactly one thing broken, read from {@code malformed.jsonl}. Each case names the field the
 * dead-letter error must name, or {@code payload} when the record as a whole is unusable (not JSON,
 * not an object, duplicate keys, nesting too deep). Every parser and pipeline test can run the same
 * corpus, so all of them agree on what is malformed.
 *
 * <p>The huge cases (10 MB values, nesting 100,000 deep) are built here rather than stored, so the
 * repository stays small. Hostile records that are nevertheless valid are {@link
 * HostileValidCorpus}; records that are not even UTF-8 text are {@link MalformedBytes}.
 */
public final class MalformedCorpus {

  /**
   * One malformed record.
   *
   * @param name short kebab-case name of what is broken
   * @param table {@code pin}, {@code geo} or {@code user}: where the record was read from
   * @param payload the raw record text, exactly as a source would deliver it
   * @param field the column the dead-letter error must name, or {@code payload}
   */
  public record Case(String name, String table, String payload, String field) {
    @Override
    public String toString() {
      return table + "/" + name;
    }
  }

  private static final List<Case> CASES = load();

  private MalformedCorpus() {}

  /** All cases, in file order. */
  public static List<Case> cases() {
    return CASES;
  }

  private static List<Case> load() {
    List<Case> cases = new ArrayList<>(stored());
    cases.addAll(huge());
    return List.copyOf(cases);
  }

  /** Ten million characters: far beyond MySQL's TEXT, yet under Jackson's 20M-character limit. */
  static final int TEN_MB = 10 * 1024 * 1024;

  /** Nesting far beyond Jackson's limit of 1,000, which guards the parser's stack. */
  static final int DEEP = 100_000;

  private static List<Case> huge() {
    String tenMbText = "x".repeat(TEN_MB);
    String pin = RealRows.lines("pin").get(0);
    String geo =
        "{\"ind\": 43, \"timestamp\": \"2019-05-27 02:07:21\", \"latitude\": -88.8298,"
            + " \"longitude\": -170.188, \"country\": \"Albania\"";
    String user =
        "{\"ind\": 41, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": 20,"
            + " \"date_joined\": \"2015-10-21 21:26:45\"";
    return List.of(
        new Case(
            "nested-arrays-depth-100000", "pin", "[".repeat(DEEP) + "]".repeat(DEEP), "payload"),
        new Case(
            "nested-objects-depth-100000-in-unknown-field",
            "geo",
            geo + ", \"extra\": " + "{\"a\": ".repeat(DEEP) + "1" + "}".repeat(DEEP) + "}",
            "payload"),
        new Case("unclosed-arrays-depth-100000", "user", "[".repeat(DEEP), "payload"),
        new Case("title-10-mb", "pin", replaceValue(pin, "title", '"' + tenMbText + '"'), "title"),
        new Case(
            "follower-count-10-mb-of-digits",
            "pin",
            replaceValue(pin, "follower_count", '"' + "9".repeat(TEN_MB) + '"'),
            "follower_count"),
        new Case(
            "country-10-mb",
            "geo",
            geo.replace("\"Albania\"", '"' + tenMbText + '"') + "}",
            "country"),
        new Case(
            "timestamp-10-mb",
            "geo",
            geo.replace("\"2019-05-27 02:07:21\"", "\"2019-05-27 02:07:21" + tenMbText + '"') + "}",
            "timestamp"),
        new Case(
            "last-name-10-mb-of-multibyte-text",
            "user",
            user.replace("\"Acosta\"", '"' + "é".repeat(TEN_MB / 2) + '"') + "}",
            "last_name"),
        new Case(
            "ind-10-mb-numeric-string",
            "user",
            user.replace("\"ind\": 41", "\"ind\": \"" + "1".repeat(TEN_MB) + '"') + "}",
            "ind"));
  }

  /** {@code record} with the JSON value of {@code field} (a string in the real rows) replaced. */
  private static String replaceValue(String record, String field, String json) {
    String key = "\"" + field + "\": \"";
    int start = record.indexOf(key);
    int end = record.indexOf('"', start + key.length());
    if (start < 0 || end < 0) {
      throw new IllegalStateException("no text field " + field + " in " + start(record));
    }
    return record.substring(0, start + key.length() - 1) + json + record.substring(end + 1);
  }

  private static List<Case> stored() {
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    for (String line : RealRows.load("malformed.jsonl")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("malformed.jsonl line is not JSON: " + start(line), e);
      }
      cases.add(
          new Case(
              text(node, "case", line),
              text(node, "table", line),
              text(node, "payload", line),
              text(node, "field", line)));
    }
    return cases;
  }

  private static String text(JsonNode node, String key, String line) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException(
          "malformed.jsonl line lacks text \"" + key + "\": " + start(line));
    }
    return value.textValue();
  }

  private static String start(String line) {
    return line.substring(0, Math.min(200, line.length()));
  }
}
