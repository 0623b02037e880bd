package io.pinpipe.pipelines.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.pipelines.report.TableCounts;
import io.pinpipe.testdata.LandingZone;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.model.TableSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/adding-a-table.md's promise: a table made of a {@link TableSpec} and a cleaner only ({@link
 * BoardTable}, {@link BoardCleaner}) goes through {@code clean} beside the three real tables: its
 * landing objects are found by its topic, its rows cleaned by its rules, de-duplicated, committed
 * to its own Iceberg table and exported, its bad records dead-lettered with their payloads, its
 * counts reconciled, and the three real tables are curated as always.
 */
class FourthTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> BOARD_RECORDS =
      List.of(
          "{\"ind\": 7, \"board_name\": \"Kitchen ideas\", \"pin_count\": 12,"
              + " \"created_at\": \"2021-03-04 05:06:07\"}",
          "{\"ind\": 3, \"board_name\": \"Travel\", \"pin_count\": null}",
          "{\"ind\": 9, \"board_name\": \"Garden\", \"pin_count\": \"40\"}",
          // An exact re-post (at-least-once delivery): curated once.
          "{\"ind\": 3, \"board_name\": \"Travel\", \"pin_count\": null}",
          // Three the board's rules refuse, and one that is not JSON.
          "{\"ind\": 4, \"board_name\": \"  \", \"pin_count\": 1}",
          "{\"ind\": 5, \"board_name\": \"Cars\", \"pin_count\": -2}",
          "{\"board_name\": \"No key\"}",
          "{\"ind\": 6, \"board_name\": ");

  @TempDir Path work;

  @Test
  void aTableMadeOfASpecAndACleanerGoesThroughClean() throws Exception {
    Path landing = work.resolve("landing");
    List<TableSpec> tables = new ArrayList<>(Table.all());
    tables.add(BoardTable.BOARD);
    for (Table table : Table.values()) {
      LandingZone.write(landing, table.topic("pinpipe"), RealRows.lines(table.id()), 1000);
    }
    LandingZone.write(landing, BoardTable.BOARD.topic("pinpipe"), BOARD_RECORDS, 3);
    Path out = work.resolve("out");

    RunReport report =
        CleanPipeline.run(
            PipelineOptionsFactory.fromArgs(
                    "--runner=DirectRunner",
                    "--input=" + landing,
                    "--output=" + out,
                    "--outputFormat=iceberg,jsonl",
                    "--numShards=2")
                .as(CleanPipeline.Options.class),
            tables);

    TableCounts board = report.get(BoardTable.BOARD);
    assertEquals(8, board.read, "board read");
    assertEquals(4, board.deadLettered, "board dead-lettered");
    assertEquals(3, board.curatedAfterDedup, "board curated after the re-post is dropped");
    assertTrue(report.reconciles(), "every table: read = curated + dead-lettered");
    List<String> curated =
        List.of(
            "{\"ind\":3,\"board_name\":\"Travel\",\"pin_count\":null,\"created_at\":null}",
            "{\"ind\":7,\"board_name\":\"Kitchen ideas\",\"pin_count\":12,"
                + "\"created_at\":\"2021-03-04T05:06:07Z\"}",
            "{\"ind\":9,\"board_name\":\"Garden\",\"pin_count\":40,\"created_at\":null}");
    LakeRows lake = LakeRows.embedded(out);
    assertEquals(curated, lake.batchView(BoardTable.BOARD), "the board's Iceberg table");
    assertEquals(
        curated,
        OutputFiles.jsonLines(out.resolve("curated").resolve("board")),
        "the board's exported JSON Lines");

    List<String> deadLetters = lake.deadLetters("clean", BoardTable.BOARD);
    assertEquals(4, deadLetters.size(), deadLetters.toString());
    List<String> payloads = new ArrayList<>();
    for (String line : deadLetters) {
      JsonNode letter = JSON.readTree(line);
      assertEquals("board", letter.get("table").asText());
      assertTrue(
          letter.get("source").asText().contains("/topics/pinpipe.board/partition=0/"),
          letter.get("source") + "");
      assertTrue(!letter.get("error").asText().isBlank(), line);
      payloads.add(letter.get("payload").asText());
    }
    assertEquals(
        BOARD_RECORDS.subList(4, 8).stream().sorted().toList(),
        payloads.stream().sorted().toList(),
        "each refused record kept as it came");

    for (Table table : Table.values()) {
      assertEquals(
          RealRows.lines(table.id()).size(),
          report.get(table).curatedAfterDedup,
          table + " is curated beside the fourth table as always");
    }
  }
}
