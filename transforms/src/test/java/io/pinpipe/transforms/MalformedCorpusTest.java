package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.testdata.MalformedCorpus;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.clean.RecordCurator;
import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.InvalidRecordException;
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
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cleaning.md §1: every malformed record of the corpus (testdata/malformed.jsonl) is rejected with
 * an error naming the expected field, and in a pipeline it lands in the dead-letter output with its
 * payload unchanged while the good records around it are curated as if it were not there.
 */
class MalformedCorpusTest {

  static Stream<MalformedCorpus.Case> cases() {
    return MalformedCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachMalformedRecordIsRejectedNamingItsField(MalformedCorpus.Case c) {
    RecordCurator curator = RecordCurator.forTable(Table.fromId(c.table()));
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> curator.curate(c.payload()));
    assertEquals(c.field(), e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(c.field() + ": "), e.getMessage());
  }

  @Test
  void inAPipelineMalformedRecordsAreDeadLetteredAndGoodNeighboursUnaffected() {
    Table table = Table.GEO;
    List<String> good = RealRows.lines("geo").subList(0, 200);
    List<MalformedCorpus.Case> bad = new ArrayList<>();
    for (MalformedCorpus.Case c : MalformedCorpus.cases()) {
      if (c.table().equals("geo")) {
        bad.add(c);
      }
    }
    assertTrue(bad.size() >= 10, "corpus has too few geo cases: " + bad.size());

    // Interleave: a malformed record after every few good ones, each with its own source.
    List<RawRecord> input = new ArrayList<>();
    Map<String, MalformedCorpus.Case> badBySource = new HashMap<>();
    int b = 0;
    for (int i = 0; i < good.size(); i++) {
      input.add(RawRecord.of(table, "file:objects.json#" + input.size(), good.get(i)));
      if (i % 7 == 3 && b < bad.size()) {
        String source = "file:objects.json#" + input.size();
        badBySource.put(source, bad.get(b));
        input.add(RawRecord.of(table, source, bad.get(b++).payload()));
      }
    }
    while (b < bad.size()) {
      String source = "file:objects.json#" + input.size();
      badBySource.put(source, bad.get(b));
      input.add(RawRecord.of(table, source, bad.get(b++).payload()));
    }

    List<String> expectedCurated = new ArrayList<>();
    RecordCurator curator = RecordCurator.forTable(table);
    for (String line : good) {
      try {
        expectedCurated.add(CuratedJson.toJson(curator.curate(line)));
      } catch (InvalidRecordException e) {
        throw new AssertionError(e);
      }
    }

    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple out = pipeline.apply(Create.of(input)).apply(ParseAndClean.of(table, "clean"));
    PAssert.that(out.get(ParseAndClean.CURATED)
            .apply(MapElements.into(TypeDescriptors.strings()).via(CuratedJson::toJson)))
        .containsInAnyOrder(expectedCurated);
    // What the assertion needs, in serializable form: source -> [case name, payload, field].
    HashMap<String, List<String>> expectedBySource = new HashMap<>();
    badBySource.forEach((source, c) -> expectedBySource.put(source, List.of(c.name(), c.payload(), c.field())));
    PAssert.that(out.get(ParseAndClean.DEAD_LETTERS))
        .satisfies(
            deadLetters -> {
              int n = 0;
              for (DeadLetter d : deadLetters) {
                List<String> c = expectedBySource.get(d.source);
                assertTrue(c != null, "a good record was dead-lettered: " + d);
                assertEquals(c.get(1), d.payload, c.get(0));
                assertTrue(d.error.startsWith(c.get(2) + ": "), c.get(0) + ": " + d.error);
                n++;
              }
              assertEquals(expectedBySource.size(), n);
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(input.size(), CleanTableTest.counter(result, Table.GEO, "read"));
    assertEquals(
        CleanTableTest.counter(result, Table.GEO, "read"),
        CleanTableTest.counter(result, Table.GEO, "curated_before_dedup")
            + CleanTableTest.counter(result, Table.GEO, "dead_lettered"));
  }
}
