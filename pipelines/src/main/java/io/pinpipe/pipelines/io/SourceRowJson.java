package io.pinpipe.pipelines.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pinpipe.transforms.model.TableSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One source-table row as the event JSON a posting client sends (data-model.md "Events"): the
 * object of its columns, named in lower case, datetimes as {@code YYYY-MM-DD HH:MM:SS} text. Shared
 * by {@code clean --source=jdbc} and the posting emulator, so both see the very same text.
 */
public final class SourceRowJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private SourceRowJson() {}

  /** The compact JSON object of the current row of {@code row}. */
  public static String toJson(ResultSet row) throws SQLException {
    ResultSetMetaData meta = row.getMetaData();
    StringWriter text = new StringWriter(512);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        json.writeFieldName(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        writeColumn(json, row, i, meta.getColumnType(i));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory cannot fail", e);
    }
    return text.toString();
  }

  /** The value of {@code table}'s key column in the current row, as text. */
  public static String key(ResultSet row, TableSpec table) throws SQLException {
    ResultSetMetaData meta = row.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (meta.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(table.sourceKeyColumn())) {
        return row.getString(i);
      }
    }
    return null;
  }

  /** Whole seconds as the source tables hold them; a fraction only when there is one. */
  private static String datetime(LocalDateTime local) {
    String seconds = DATETIME.format(local);
    return local.getNano() == 0
        ? seconds
        : seconds + "." + String.format("%09d", local.getNano()).replaceAll("0+$", "");
  }

  private static void writeColumn(JsonGenerator json, ResultSet row, int i, int type)
      throws SQLException, IOException {
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
