package io.pinpipe.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.Datetimes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Golden tests over every real row (shared/data): the cleaned output must equal the committed
 * golden file byte for byte, and agree with the cleaned examples of one of the best original
 * implementations wherever they share a key (timestamps compared as instants; cleaning.md §2–§4).
 *
 * <p>Regenerate the golden files after a deliberate rule change with {@code
 * -Dpinpipe.updateGolden=true}, and review the diff.
 */
class CleaningGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOLDEN = "/io/pinpipe/testdata/golden/";

  @ParameterizedTest
  @EnumSource(Table.class)
  void everyRealRowCleansToTheGoldenFile(Table table) throws Exception {
    List<String> cleaned = cleanAll(table);
    String actual = String.join("\n", cleaned) + "\n";
    String resource = GOLDEN + "curated-" + table.id() + ".jsonl";
    if (Boolean.getBoolean("pinpipe.updateGolden")) {
      Path file = Path.of("../test-fixtures/src/main/resources").resolve(resource.substring(1));
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertEquals(read(resource), actual, "cleaned output differs from " + resource);
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void cleanedRowsAgreeWithTheOriginalCleanedExamples(Table table) throws Exception {
    Map<Long, JsonNode> ours = new HashMap<>();
    for (String line : cleanAll(table)) {
      JsonNode node = JSON.readTree(line);
      ours.put(node.get("ind").asLong(), node);
    }
    int compared = 0;
    for (String line : read(GOLDEN + table.id() + "_clean_examples.jsonl").split("\n")) {
      JsonNode example = JSON.readTree(line);
      JsonNode mine = ours.get(example.get("ind").asLong());
      if (mine == null) {
        continue;
      }
      compared++;
      assertEquals(fieldNames(example).size(), fieldNames(mine).size(), "columns of " + line);
      for (String field : fieldNames(example)) {
        JsonNode expected = example.get(field);
        JsonNode actual = mine.get(field);
        if (field.equals("timestamp") || field.equals("date_joined")) {
          assertEquals(
              Datetimes.parse(expected.asText()),
              Datetimes.parse(actual.asText()),
              field + " of " + line);
        } else {
          assertEquals(expected, actual, field + " of " + line);
        }
      }
    }
    assertTrue(compared > 800, "only " + compared + " rows shared a key with the examples");
  }

  private static List<String> cleanAll(Table table) throws Exception {
    RecordCleaner curator = table.cleaner();
    List<String> out = new ArrayList<>();
    for (String line : RealRows.lines(table.id())) {
      out.add(CuratedJson.toJson(curator.curate(line)));
    }
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = CleaningGoldenTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
