package io.pinpipe.pipelines.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/**
 * One source-table row → its raw record: the JSON object of its columns, named in lower case,
 * datetimes as {@code YYYY-MM-DD HH:MM:SS} text (data-model.md "Events"). The source is {@code
 * jdbc:<table>/<key>}.
 */
final class JdbcRowToRawRecord implements JdbcIO.RowMapper<RawRecord> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final Table table;

  JdbcRowToRawRecord(Table table) {
    this.table = table;
  }

  @Override
  public RawRecord mapRow(ResultSet row) throws Exception {
    ResultSetMetaData meta = row.getMetaData();
    String key = null;
    StringWriter text = new StringWriter(512);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
        json.writeFieldName(name);
        writeColumn(json, row, i, meta.getColumnType(i));
        if (name.equals(table.sourceKeyColumn())) {
          key = row.getString(i);
        }
      }
      json.writeEndObject();
    }
    return RawRecord.of(table, "jdbc:" + table.sourceTable() + "/" + key, text.toString());
  }

  /** Whole seconds as the source tables hold them; a fraction only when there is one. */
  private static String datetime(LocalDateTime local) {
    String seconds = DATETIME.format(local);
    return local.getNano() == 0 ? seconds : seconds + "." + String.format("%09d", local.getNano()).replaceAll("0+$", "");
  }

  private static void writeColumn(JsonGenerator json, ResultSet row, int i, int type)
      throws Exception {
    switch (type) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        long integer = row.getLong(i);
        if (row.wasNull()) {
          json.writeNull();
        } else {
          json.writeNumber(integer);
        }
        return;
      case Types.REAL:
        // MySQL FLOAT is single precision: its shortest decimal form is the value that was stored.
        float single = row.getFloat(i);
        if (row.wasNull()) {
          json.writeNull();
        } else {
          json.writeNumber(new BigDecimal(Float.toString(single)));
        }
        return;
      case Types.FLOAT:
      case Types.DOUBLE:
        double value = row.getDouble(i);
        if (row.wasNull()) {
          json.writeNull();
        } else {
          json.writeNumber(value);
        }
        return;
      case Types.DECIMAL:
      case Types.NUMERIC:
        BigDecimal decimal = row.getBigDecimal(i);
        if (decimal == null) {
          json.writeNull();
        } else {
          json.writeNumber(decimal);
        }
        return;
      case Types.TIMESTAMP:
      case Types.DATE:
        LocalDateTime local = row.getObject(i, LocalDateTime.class);
        json.writeString(local == null ? null : datetime(local));
        return;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        OffsetDateTime offset = row.getObject(i, OffsetDateTime.class);
        json.writeString(offset == null ? null : offset.toString());
        return;
      default:
        json.writeString(row.getString(i));
    }
  }
}
