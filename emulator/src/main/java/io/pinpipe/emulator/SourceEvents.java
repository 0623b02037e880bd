package io.pinpipe.emulator;

import io.pinpipe.pipelines.io.JdbcSource;
import io.pinpipe.pipelines.io.SourceRowJson;
import io.pinpipe.transforms.model.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random posting events from the source tables, like the original emulator: each event takes a key
 * at random (with replacement) among the keys all three tables hold, and the three rows with that
 * key. The keys are sorted before the draw, so a seed gives the same events on every database.
 * Every query is parameterised.
 */
final class SourceEvents implements AutoCloseable {
  private final Connection connection;
  private final Map<Table, PreparedStatement> byKey = new EnumMap<>(Table.class);
  private final List<Long> keys;
  private final Random random;

  SourceEvents(JdbcSource source, long seed) throws SQLException {
    this.connection = source.openConnection();
    this.random = new Random(seed);
    TreeSet<Long> common = null;
    for (Table table : Table.values()) {
      TreeSet<Long> tableKeys = new TreeSet<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT "
                      + source.quote(table.sourceKeyColumn())
                      + " FROM "
                      + source.quote(table.sourceTable()))) {
        while (rows.next()) {
          tableKeys.add(rows.getLong(1));
        }
      }
      if (common == null) {
        common = tableKeys;
      } else {
        common.retainAll(tableKeys);
      }
      byKey.put(
          table,
          connection.prepareStatement(
              "SELECT * FROM "
                  + source.quote(table.sourceTable())
                  + " WHERE "
                  + source.quote(table.sourceKeyColumn())
                  + " = ?"));
    }
    this.keys = new ArrayList<>(common);
    if (keys.isEmpty()) {
      throw new SQLException(
          "no key is present in all of pinterest_data, geolocation_data and user_data");
    }
  }

  int keyCount() {
    return keys.size();
  }

  PostingEvent next() throws SQLException {
    long key = keys.get(random.nextInt(keys.size()));
    Map<Table, String> rows = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      PreparedStatement query = byKey.get(table);
      query.setLong(1, key);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new SQLException(table.sourceTable() + " no longer holds key " + key);
        }
        rows.put(table, SourceRowJson.toJson(row));
      }
    }
    return new PostingEvent(Long.toString(key), rows);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
