package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.HostileValidCorpus;
import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.clean.RecordCleaner;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.InvalidRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cleaning.md §1: every malformed record of the corpus (test-fixtures/.../malformed.jsonl and the
 * huge cases built in code) is rejected with an error naming the expected field; every hostile but
 * valid record (test-fixtures/.../hostile-valid.jsonl) becomes exactly its expected curated row,
 * text byte-exact. In a pipeline, the malformed ones land in the dead-letter output with their
 * payload unchanged, the valid ones are curated, and the good records around them are curated as if
 * neither were there.
 */
class MalformedCorpusTest {
  /** A huge or deeply nested record must be rejected quickly, not after a pathological parse. */
  private static final Duration PER_RECORD = Duration.ofSeconds(10);

  /**
   * The 10 MB cases stay out of the in-memory pipeline: the DirectRunner copies every element
   * several times, which takes minutes on a busy machine. They are proved record by record above
   * and go through the file-based clean pipeline in the pipelines module.
   */
  private static final int IN_MEMORY_LIMIT = 1_000_000;

  static Stream<MalformedCorpus.Case> cases() {
    return MalformedCorpus.cases().stream();
  }

  static Stream<HostileValidCorpus.Case> validCases() {
    return HostileValidCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachMalformedRecordIsRejectedNamingItsField(MalformedCorpus.Case c) {
    RecordCleaner curator = Table.fromId(c.table()).cleaner();
    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class,
            () ->
                org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    PER_RECORD, () -> curator.curate(c.payload())));
    assertEquals(c.field(), e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(c.field() + ": "), e.getMessage());
    assertTrue(
        e.getMessage().length() < 300,
        "the error quotes the value, not all of it: " + e.getMessage().length());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCases")
  void eachHostileButValidRecordBecomesItsExpectedRowByteExact(HostileValidCorpus.Case c)
      throws Exception {
    Table table = Table.fromId(c.table());
    Row row =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            PER_RECORD, () -> table.cleaner().curate(c.payload()));
    assertEquals(CuratedJson.fromJson(table.curatedSchema(), c.curated()), row);
    assertEquals(c.curated(), CuratedJson.toJson(row));
  }

  @Test
  void theCorpusHoldsAtLeast100Cases() {
    int total = MalformedCorpus.cases().size() + HostileValidCorpus.cases().size();
    assertTrue(
        MalformedCorpus.cases().size() >= 100,
        "dead-letter cases: " + MalformedCorpus.cases().size());
    assertTrue(total >= 130, "cases: " + total);
  }

  @Test
  void inAPipelineEveryCaseHasItsOutcomeAndGoodNeighboursAreUnaffected() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Map<Table, Integer> inputSizes = new HashMap<>();
    for (Table table : Table.values()) {
      inputSizes.put(table, expectOutcomes(pipeline, table));
    }
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    for (Table table : Table.values()) {
      long read = CurateBatchTest.counter(result, table, "read");
      assertEquals((long) inputSizes.get(table), read, table + " read");
      assertEquals(
          read,
          CurateBatchTest.counter(result, table, "curated_before_dedup")
              + CurateBatchTest.counter(result, table, "dead_lettered"),
          table + ": read = curated + dead letters");
    }
  }

  /**
   * Adds one table's corpus, interleaved with real rows, to {@code pipeline}; returns the input
   * size.
   */
  private static int expectOutcomes(TestPipeline pipeline, Table table) {
    List<String> good = RealRows.lines(table.id()).subList(0, 200);
    List<MalformedCorpus.Case> bad = new ArrayList<>();
    MalformedCorpus.cases().stream()
        .filter(c -> c.table().equals(table.id()) && c.payload().length() <= IN_MEMORY_LIMIT)
        .forEach(bad::add);
    List<String> expectedCurated = new ArrayList<>();
    RecordCleaner curator = table.cleaner();
    for (String line : good) {
      try {
        expectedCurated.add(CuratedJson.toJson(curator.curate(line)));
      } catch (InvalidRecordException e) {
        throw new AssertionError(e);
      }
    }
    List<String> hostile = new ArrayList<>();
    for (HostileValidCorpus.Case c : HostileValidCorpus.cases()) {
      if (c.table().equals(table.id()) && c.payload().length() <= IN_MEMORY_LIMIT) {
        hostile.add(c.payload());
        expectedCurated.add(c.curated());
      }
    }
    assertTrue(bad.size() >= 10, table + ": too few malformed cases: " + bad.size());

    // Interleave: a malformed or hostile record after every few good ones, each with its own
    // source.
    List<RawRecord> input = new ArrayList<>();
    Map<String, MalformedCorpus.Case> badBySource = new HashMap<>();
    int b = 0;
    int h = 0;
    for (int i = 0; i < good.size(); i++) {
      input.add(RawRecord.of(table, "file:objects.json#" + input.size(), good.get(i)));
      if (i % 3 == 1 && b < bad.size()) {
        String source = "file:objects.json#" + input.size();
        badBySource.put(source, bad.get(b));
        input.add(RawRecord.of(table, source, bad.get(b++).payload()));
      } else if (i % 3 == 2 && h < hostile.size()) {
        input.add(RawRecord.of(table, "file:objects.json#" + input.size(), hostile.get(h++)));
      }
    }
    while (b < bad.size()) {
      String source = "file:objects.json#" + input.size();
      badBySource.put(source, bad.get(b));
      input.add(RawRecord.of(table, source, bad.get(b++).payload()));
    }
    while (h < hostile.size()) {
      input.add(RawRecord.of(table, "file:objects.json#" + input.size(), hostile.get(h++)));
    }

    PCollectionTuple out =
        pipeline
            .apply("Read" + table.stepName(), Create.of(input))
            .apply("Clean" + table.stepName(), CurateOrDeadLetter.of(table, "clean"));
    PAssert.that(
            out.get(CurateOrDeadLetter.CURATED)
                .apply(
                    "ToJson" + table.stepName(),
                    MapElements.into(TypeDescriptors.strings()).via(CuratedJson::toJson)))
        .containsInAnyOrder(expectedCurated);
    // What the assertion needs, in serializable form: source -> [case name, payload, field].
    HashMap<String, List<String>> expectedBySource = new HashMap<>();
    badBySource.forEach(
        (source, c) -> expectedBySource.put(source, List.of(c.name(), c.payload(), c.field())));
    PAssert.that(out.get(CurateOrDeadLetter.DEAD_LETTERS))
        .satisfies(
            deadLetters -> {
              int n = 0;
              for (DeadLetter d : deadLetters) {
                List<String> c = expectedBySource.get(d.source);
                assertTrue(
                    c != null,
                    "a good or valid record was dead-lettered: " + d.source + " " + d.error);
                assertTrue(c.get(1).equals(d.payload), c.get(0) + ": payload changed");
                assertTrue(d.error.startsWith(c.get(2) + ": "), c.get(0) + ": " + d.error);
                n++;
              }
              assertEquals(expectedBySource.size(), n);
              return null;
            });
    return input.size();
  }
}
