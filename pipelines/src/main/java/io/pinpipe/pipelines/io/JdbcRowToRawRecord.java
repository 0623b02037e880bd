package io.pinpipe.pipelines.io;

import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.sql.ResultSet;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/**
 * One source-table row → its raw record: the event JSON of the row ({@link SourceRowJson}), with
 * source {@code jdbc:<table>/<key>}.
 */
final class JdbcRowToRawRecord implements JdbcIO.RowMapper<RawRecord> {
  private static final long serialVersionUID = 1L;

  private final TableSpec table;

  JdbcRowToRawRecord(TableSpec table) {
    this.table = table;
  }

  @Override
  public RawRecord mapRow(ResultSet row) throws Exception {
    return RawRecord.of(
        table,
        "jdbc:" + table.sourceTable() + "/" + SourceRowJson.key(row, table),
        SourceRowJson.toJson(row));
  }
}
