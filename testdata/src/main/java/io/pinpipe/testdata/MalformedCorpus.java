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
      cases.add(new Case(text(node, "case", line), text(node, "table", line),
          text(node, "payload", line), text(node, "field", line)));
    }
    return List.copyOf(cases);
  }

  private static String text(JsonNode node, String key, String line) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException("malformed.jsonl line lacks text \"" + key + "\": " + start(line));
    }
    return value.textValue();
  }

  private static String start(String line) {
    return line.substring(0, Math.min(200, line.length()));
  }
}
