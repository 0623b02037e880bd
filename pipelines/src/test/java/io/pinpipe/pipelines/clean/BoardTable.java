package io.pinpipe.pipelines.clean;

import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.model.TableSpec;
import org.apache.beam.sdk.schemas.Schema;

/**
 * A made-up fourth table, added exactly as docs/adding-a-table.md says (steps 2 and 3): the boards
 * users pin to, from a source table {@code board_data}. Test scope only; {@link FourthTableTest}
 * runs it through {@code clean} beside the three real tables.
 */
enum BoardTable implements TableSpec {
  BOARD;

  /** The curated columns, key first. */
  static final Schema CURATED =
      Schema.builder()
          .addInt64Field("ind")
          .addStringField("board_name")
          .addNullableInt64Field("pin_count")
          .addNullableDateTimeField("created_at")
          .build();

  @Override
  public String id() {
    return "board";
  }

  @Override
  public String sourceTable() {
    return "board_data";
  }

  @Override
  public String sourceKeyColumn() {
    return "ind";
  }

  @Override
  public Schema curatedSchema() {
    return CURATED;
  }

  @Override
  public RecordCleaner cleaner() {
    return new BoardCleaner();
  }
}
