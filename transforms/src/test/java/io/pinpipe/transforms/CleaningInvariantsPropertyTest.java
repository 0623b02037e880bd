package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.transforms.format.CuratedJson;
import io.pinpipe.transforms.model.DeadLetter;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.Table;
import io.pinpipe.transforms.parse.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Invariants of parsing and cleaning over random raw records (cleaning.md §1–§4, §8): the curator
 * returns a curated row or throws {@link InvalidRecordException} naming a column, never anything
 * else; every record comes out of the pipeline exactly once, curated or dead-lettered; and every
 * curated row fits its curated schema, survives Beam's coder and the JSON Lines form unchanged, and
 * holds no value the spec forbids.
 */
class CleaningInvariantsPropertyTest {
  /** cleaning.md §2 step 1: the values that become null, per column (elsewhere they are data). */
  private static final Map<String, Set<String>> NULL_PLACEHOLDERS =
      Map.of(
          "title", Set.of("No Title Data Available"),
          "description",
              Set.of(
                  "No description available Story format", "No description available", "Untitled"),
          "poster_name", Set.of("User Info Error"),
          "tag_list", Set.of("N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e"),
          "image_src", Set.of("Image src error."));

  @Provide
  Arbitrary<String> pinPayloads() {
    return RawRecordArbitraries.payloads(Table.PIN);
  }

  @Provide
  Arbitrary<String> geoPayloads() {
    return RawRecordArbitraries.payloads(Table.GEO);
  }

  @Provide
  Arbitrary<String> userPayloads() {
    return RawRecordArbitraries.payloads(Table.USER);
  }

  @Property(tries = 1000)
  void pinIsCuratedToItsSchemaOrRejectedNamingAColumn(@ForAll("pinPayloads") String payload) {
    curatedOrRejected(Table.PIN, payload);
  }

  @Property(tries = 1000)
  void geoIsCuratedToItsSchemaOrRejectedNamingAColumn(@ForAll("geoPayloads") String payload) {
    curatedOrRejected(Table.GEO, payload);
  }

  @Property(tries = 1000)
  void userIsCuratedToItsSchemaOrRejectedNamingAColumn(@ForAll("userPayloads") String payload) {
    curatedOrRejected(Table.USER, payload);
  }

  /** Text is data: any text in a text column comes out byte-exact, null, or names that column. */
  @Property(tries = 1000)
  void pinTextComesOutByteExact(
      @ForAll("texts") String text, @ForAll("pinTextColumns") String column) {
    String row = io.pinpipe.testdata.RealRows.lines("pin").get(0);
    // The real row's value of the column (no quote inside) replaced by the text as a JSON string.
    int start = row.indexOf("\"" + column + "\": \"") + column.length() + 4;
    int end = row.indexOf('"', start + 1);
    String payload =
        row.substring(0, start) + RawRecordArbitraries.quote(text) + row.substring(end + 1);
    Row curated;
    try {
      curated = Table.PIN.cleaner().curate(payload);
    } catch (InvalidRecordException e) {
      assertEquals(column, e.field(), e.getMessage());
      return;
    }
    fitsCuratedSchema(Table.PIN, curated);
    String out = curated.getString(column);
    if (out == null) {
      assertTrue(
          text.isBlank() || NULL_PLACEHOLDERS.getOrDefault(column, Set.of()).contains(text),
          "nulled: " + text);
    } else {
      assertEquals(text, out);
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return RawRecordArbitraries.texts();
  }

  @Provide
  Arbitrary<String> pinTextColumns() {
    return net.jqwik.api.Arbitraries.of(
        "unique_id",
        "title",
        "description",
        "poster_name",
        "tag_list",
        "is_image_or_video",
        "image_src",
        "category");
  }

  @Provide
  Arbitrary<List<String>> geoBatches() {
    return RawRecordArbitraries.payloads(Table.GEO).list().ofSize(300);
  }

  /** cleaning.md §8 in a real pipeline: read = curated + dead letters, each record exactly once. */
  @Property(tries = 3)
  void inAPipelineEveryRecordIsCuratedOrDeadLetteredExactlyOnce(
      @ForAll("geoBatches") List<String> generated) {
    Table table = Table.GEO;
    // As the pipeline receives them: its coders carry text as UTF-8, where an unpaired surrogate
    // (which the generator can produce and the cleaner refuses) becomes '?' before the cleaner.
    List<String> payloads = new ArrayList<>();
    for (String payload : generated) {
      payloads.add(new String(payload.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
    List<RawRecord> input = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      input.add(RawRecord.of(table, "test:" + i, payloads.get(i)));
    }
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple out =
        pipeline
            .apply("Read", Create.of(input))
            .apply("Clean", CurateOrDeadLetter.of(table, "property"));
    // Curated rows carry no source; the curator, run again here, says which sources they came from.
    List<String> expectedCurated = new ArrayList<>();
    for (String payload : payloads) {
      try {
        expectedCurated.add(CuratedJson.toJson(table.cleaner().curate(payload)));
      } catch (InvalidRecordException e) {
        expectedCurated.add(null);
      }
    }
    HashSet<String> expectedDeadSources = new HashSet<>();
    for (int i = 0; i < payloads.size(); i++) {
      if (expectedCurated.get(i) == null) {
        expectedDeadSources.add("test:" + i);
      }
    }
    expectedCurated.removeIf(java.util.Objects::isNull);
    PAssert.that(
            out.get(CurateOrDeadLetter.CURATED)
                .apply(
                    "CuratedJson",
                    MapElements.into(TypeDescriptors.strings()).via(CuratedJson::toJson)))
        .containsInAnyOrder(expectedCurated);
    PCollection<String> deadSources =
        out.get(CurateOrDeadLetter.DEAD_LETTERS)
            .apply(
                "Sources",
                MapElements.into(TypeDescriptors.strings()).via((DeadLetter d) -> d.source));
    PAssert.that(deadSources).containsInAnyOrder(expectedDeadSources);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(payloads.size(), CurateBatchTest.counter(result, table, "read"));
    assertEquals(
        payloads.size(),
        CurateBatchTest.counter(result, table, "curated_before_dedup")
            + CurateBatchTest.counter(result, table, "dead_lettered"));
  }

  private static void curatedOrRejected(Table table, String payload) {
    Row row;
    try {
      // Anything but InvalidRecordException (a RuntimeException, a StackOverflowError) fails here.
      row = table.cleaner().curate(payload);
    } catch (InvalidRecordException e) {
      assertTrue(
          e.field().equals("payload")
              || RawRecordArbitraries.COLUMNS.get(table).contains(e.field()),
          "names no column of " + table + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith(e.field() + ": "), e.getMessage());
      assertTrue(
          e.getMessage().length() < 1000, "the error quotes all the value: " + e.getMessage());
      return;
    }
    fitsCuratedSchema(table, row);
  }

  private static void fitsCuratedSchema(Table table, Row row) {
    Schema schema = table.curatedSchema();
    assertEquals(schema, row.getSchema());
    // The cleaners attach their values unchecked (Beam's check per row is costly): the check here.
    assertEquals(
        row,
        Row.withSchema(schema).addValues(row.getValues()).build(),
        "a value of the wrong type for its column");
    for (Schema.Field field : schema.getFields()) {
      Object value = row.getValue(field.getName());
      if (!field.getType().getNullable()) {
        assertNotNull(value, field.getName() + " is required");
      }
      if (value instanceof String) {
        String text = (String) value;
        assertFalse(text.isBlank(), field.getName() + " is blank, not null");
        assertFalse(
            table == Table.PIN
                && NULL_PLACEHOLDERS.getOrDefault(field.getName(), Set.of()).contains(text),
            field.getName() + " kept a placeholder");
      }
    }
    if (table == Table.GEO) {
      java.util.Collection<Double> array = row.getArray("coordinates");
      if (array != null) {
        List<Double> coordinates = new ArrayList<>(array);
        assertEquals(2, coordinates.size());
        assertTrue(Math.abs(coordinates.get(0)) <= 90, "latitude " + coordinates.get(0));
        assertTrue(Math.abs(coordinates.get(1)) <= 180, "longitude " + coordinates.get(1));
      }
    }
    if (table == Table.USER) {
      Integer age = row.getInt32("age");
      assertTrue(age == null || age >= 0, "age " + age);
    }
    // What the pipeline does with a row next must not change it: Beam's coder between steps, and
    // the JSON Lines form that curated tables are written in and read back from.
    try {
      assertEquals(row, CoderUtils.clone(RowCoder.of(schema), row), "Beam's coder changed the row");
    } catch (org.apache.beam.sdk.coders.CoderException e) {
      throw new AssertionError(e);
    }
    assertEquals(
        row, CuratedJson.fromJson(schema, CuratedJson.toJson(row)), "JSON Lines changed the row");
  }
}
