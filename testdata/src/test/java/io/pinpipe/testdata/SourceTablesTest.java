package io.pinpipe.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The source database in the original's shape: 11,154 rows per table, offset = key, real rows kept.
 */
class SourceTablesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void originalShapeHasEveryKeyInOrderAndKeepsEveryRealRowAsItIs() throws Exception {
    for (SourceTables.Definition table : SourceTables.Definition.values()) {
      List<String> rows = SourceTables.originalShape(table.id());
      assertEquals(SourceTables.ORIGINAL_ROWS, rows.size(), table.id());
      for (int k = 0; k < rows.size(); k++) {
        assertEquals(
            k,
            JSON.readTree(rows.get(k)).get(table.keyColumn()).asLong(),
            table.id() + " offset " + k);
      }
      Set<String> shaped = new HashSet<>(rows);
      assertTrue(
          shaped.containsAll(RealRows.lines(table.id())),
          table.id() + ": every real row byte for byte");
      assertEquals(
          SourceTables.ORIGINAL_ROWS - RealRows.lines(table.id()).size(),
          SourceTables.generatedKeys(table.id()).size(),
          table.id());
    }
    assertEquals(11154 - 4457, SourceTables.generatedKeys("pin").size());
    assertTrue(
        SourceTables.generatedKeys("pin").contains(0L)
            && !SourceTables.generatedKeys("pin").contains(1L));
    assertEquals(List.of(), SourceTables.generatedKeys("geo"));
    assertEquals(List.of(), SourceTables.generatedKeys("user"));
  }

  @Test
  void generatedPinRowsAreTheSeededGeneratorsRows() {
    RowGenerator generator = new RowGenerator(SourceTables.FILL_SEED);
    List<String> rows = SourceTables.originalShape("pin");
    for (long key : SourceTables.generatedKeys("pin")) {
      assertEquals(generator.pinRow(key), rows.get((int) key));
    }
  }

  @Test
  void loadedDatabaseReadsKeyKAtOffsetKAndNamesTheGeneratedRows() throws Exception {
    try (Connection c =
        DriverManager.getConnection("jdbc:h2:mem:source-tables-test;DB_CLOSE_DELAY=-1")) {
      SourceTables.loadOriginalShape(c);
      try (Statement s = c.createStatement()) {
        for (SourceTables.Definition table : SourceTables.Definition.values()) {
          try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"" + table.tableName() + "\"")) {
            r.next();
            assertEquals(SourceTables.ORIGINAL_ROWS, r.getLong(1), table.tableName());
          }
          for (int k : new int[] {0, 1, 7528, 11000, SourceTables.ORIGINAL_ROWS - 1}) {
            try (ResultSet r =
                s.executeQuery("SELECT * FROM \"" + table.tableName() + "\" LIMIT 1 OFFSET " + k)) {
              assertTrue(r.next());
              assertEquals(k, r.getLong(1), table.tableName() + " offset " + k);
            }
          }
          List<Long> generated = new ArrayList<>();
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT \"row_key\" FROM \"generated_rows\" WHERE \"source_table\" = ? ORDER BY \"row_key\"")) {
            q.setString(1, table.tableName());
            try (ResultSet r = q.executeQuery()) {
              while (r.next()) {
                generated.add(r.getLong(1));
              }
            }
          }
          assertEquals(SourceTables.generatedKeys(table.id()), generated, table.tableName());
        }
      }
      // Loading only the real rows again leaves no stale list of generated rows behind.
      SourceTables.loadRealRows(c);
      try (ResultSet r = c.getMetaData().getTables(null, null, "generated_rows", null)) {
        assertFalse(r.next());
      }
    }
  }
}
