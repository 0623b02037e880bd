package io.pinpipe.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealRowsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pinHasAllRecoveredRowsAndGeoAndUserTheWholeTable() {
    assertEquals(4457, RealRows.lines("pin").size());
    assertEquals(11154, RealRows.lines("geo").size());
    assertEquals(11154, RealRows.lines("user").size());
  }

  @Test
  void linesAreExactTextWithoutLineTerminators() {
    for (String table : List.of("pin", "geo", "user")) {
      for (String line : RealRows.lines(table)) {
        assertFalse(
            line.isEmpty() || line.contains("\n") || line.contains("\r"), table + ": " + line);
        assertTrue(line.startsWith("{") && line.endsWith("}"), table + ": " + line);
      }
    }
    // Non-ASCII text is kept as is: the first pin row names "Aykut Aydoğdu".
    assertTrue(RealRows.lines("pin").get(0).contains("Aykut Aydoğdu"));
  }

  @Test
  void geoAndUserRowAtOffsetKHasKeyK() throws Exception {
    for (String table : List.of("geo", "user")) {
      List<String> lines = RealRows.lines(table);
      for (int k = 0; k < lines.size(); k += 997) {
        JsonNode row = JSON.readTree(lines.get(k));
        assertEquals(k, row.get("ind").intValue(), table + " offset " + k);
      }
    }
  }

  @Test
  void unknownTableIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> RealRows.lines("pins"));
    assertThrows(IllegalArgumentException.class, () -> RealRows.lines("../real/pin"));
  }

  @Test
  void listsAreImmutable() {
    assertThrows(UnsupportedOperationException.class, () -> RealRows.lines("geo").add("{}"));
  }
}
