package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.metrics.TableCounters;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/**
 * cleaning.md §5 (de-duplication), §7 (dead letters) and §8 (reconciliation) on a real pipeline.
 */
class CurateBatchTest {
  private static final String ADAM =
      "{\"ind\": 0, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": 20, \"date_joined\": \"2015-10-21 21:26:45\"}";
  private static final String ADAM_AGAIN_AS_INDEX_AND_ISO =
      "{\"index\": 0, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": \"20\", \"date_joined\": \"2015-10-21T21:26:45\"}";
  private static final String ADAM_OTHER_KEY =
      "{\"ind\": 1, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": 20, \"date_joined\": \"2015-10-21 21:26:45\"}";
  private static final String ADAM_OTHER_CONTENT_SAME_KEY =
      "{\"ind\": 1, \"first_name\": \"Adam\", \"last_name\": \"Acosta\", \"age\": 21, \"date_joined\": \"2015-10-21 21:26:45\"}";
  private static final String BAD_AGE =
      "{\"ind\": 2, \"first_name\": \"Eve\", \"last_name\": \"X\", \"age\": \"abc\"}";
  private static final String NOT_JSON = "{\"ind\": 3, \"first_na";

  @Test
  void everyRecordIsCuratedOnceOrDeadLetteredAndCountsReconcile() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    List<RawRecord> input =
        List.of(
            RawRecord.of(Table.USER, "file:a.json#1", ADAM),
            RawRecord.of(Table.USER, "file:a.json#2", ADAM),
            RawRecord.of(Table.USER, "file:a.json#3", ADAM_AGAIN_AS_INDEX_AND_ISO),
            RawRecord.of(Table.USER, "file:a.json#4", ADAM_OTHER_KEY),
            RawRecord.of(Table.USER, "file:a.json#5", ADAM_OTHER_CONTENT_SAME_KEY),
            RawRecord.of(Table.USER, "file:a.json#6", BAD_AGE),
            RawRecord.of(Table.USER, "file:a.json#7", NOT_JSON),
            RawRecord.unreadable(
                Table.USER, "file:a.json#8", "\ufffd", "payload: not valid UTF-8"));

    PCollectionTuple out =
        pipeline.apply(Create.of(input)).apply("CleanUser", CurateBatch.of(Table.USER, "clean"));

    PAssert.that(
            out.get(CurateBatch.CURATED)
                .apply(MapElements.into(TypeDescriptors.strings()).via(CuratedJson::toJson)))
        .containsInAnyOrder(
            "{\"ind\":0,\"user_name\":\"Adam Acosta\",\"age\":20,\"date_joined\":\"2015-10-21T21:26:45Z\"}",
            "{\"ind\":1,\"user_name\":\"Adam Acosta\",\"age\":20,\"date_joined\":\"2015-10-21T21:26:45Z\"}",
            "{\"ind\":1,\"user_name\":\"Adam Acosta\",\"age\":21,\"date_joined\":\"2015-10-21T21:26:45Z\"}");
    PAssert.that(out.get(CurateBatch.DEAD_LETTERS))
        .satisfies(
            deadLetters -> {
              List<DeadLetter> all =
                  StreamSupport.stream(deadLetters.spliterator(), false)
                      .collect(Collectors.toList());
              assertEquals(3, all.size());
              for (DeadLetter d : all) {
                assertEquals("user", d.table);
                assertEquals("clean", d.pipeline);
                assertTrue(d.failedAt.endsWith("Z"), d.failedAt);
                switch (d.source) {
                  case "file:a.json#6":
                    assertEquals(BAD_AGE, d.payload);
                    assertTrue(d.error.startsWith("age: "), d.error);
                    break;
                  case "file:a.json#7":
                    assertEquals(NOT_JSON, d.payload);
                    assertTrue(d.error.startsWith("payload: not valid JSON"), d.error);
                    break;
                  case "file:a.json#8":
                    assertEquals("payload: not valid UTF-8", d.error);
                    break;
                  default:
                    throw new AssertionError("unexpected dead letter " + d);
                }
              }
              return null;
            });

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    long read = counter(result, Table.USER, TableCounters.READ);
    long curatedBefore = counter(result, Table.USER, TableCounters.CURATED_BEFORE_DEDUP);
    long deadLettered = counter(result, Table.USER, TableCounters.DEAD_LETTERED);
    assertEquals(input.size(), read);
    assertEquals(5, curatedBefore);
    assertEquals(3, deadLettered);
    assertEquals(read, curatedBefore + deadLettered);
    assertEquals(3, counter(result, Table.USER, TableCounters.CURATED_AFTER_DEDUP));
    assertEquals(1, counter(result, Table.USER, TableCounters.KEY_CONFLICTS));
  }

  static long counter(PipelineResult result, Table table, String name) {
    return TableCounters.value(result, table, name);
  }
}
