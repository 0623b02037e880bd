package io.pinpipe.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pinpipe.transforms.model.CuratedSchemas;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class RowFingerprintTest {
  private static final Schema GEO = CuratedSchemas.GEO;

  private static Row geo(long ind, String country, List<Double> coordinates, Instant at) {
    return Row.withSchema(GEO).addValues(ind, country, coordinates, at).build();
  }

  @Test
  void equalValuesGiveEqualFingerprintsOf16Bytes() {
    Row a = geo(7, "Chad", List.of(1.5, -2.0), new Instant(1_000));
    Row b = geo(7, "Chad", Arrays.asList(1.5, -2.0), new Instant(1_000));
    assertEquals(16, RowFingerprint.of(a).length);
    assertArrayEquals(RowFingerprint.of(a), RowFingerprint.of(b));
  }

  @Test
  void anyDifferenceInAnyValueGivesAnotherFingerprint() {
    List<Row> rows =
        List.of(
            geo(7, "Chad", List.of(1.5, -2.0), new Instant(1_000)),
            geo(8, "Chad", List.of(1.5, -2.0), new Instant(1_000)),
            geo(7, "Chaf", List.of(1.5, -2.0), new Instant(1_000)),
            geo(7, "Chad", List.of(-2.0, 1.5), new Instant(1_000)),
            geo(7, "Chad", List.of(1.5), new Instant(1_000)),
            geo(7, "Chad", List.of(), new Instant(1_000)),
            geo(7, "Chad", null, new Instant(1_000)),
            geo(7, "Chad", List.of(1.5, -2.0), new Instant(1_001)),
            geo(7, "Chad", List.of(1.5, -2.0), null),
            geo(7, "Chad", List.of(0.0), null),
            geo(7, "Chad", List.of(-0.0), null),
            geo(7, "", null, null));
    Set<String> fingerprints = new HashSet<>();
    for (Row row : rows) {
      fingerprints.add(Arrays.toString(RowFingerprint.of(row)));
    }
    assertEquals(rows.size(), fingerprints.size());
  }

  @Test
  void valuesCannotRunIntoEachOther() {
    Schema two = Schema.builder().addNullableStringField("a").addNullableStringField("b").build();
    byte[] split1 = RowFingerprint.of(Row.withSchema(two).addValues("ab", "c").build());
    byte[] split2 = RowFingerprint.of(Row.withSchema(two).addValues("a", "bc").build());
    byte[] nullVsEmpty1 = RowFingerprint.of(Row.withSchema(two).addValues(null, "x").build());
    byte[] nullVsEmpty2 = RowFingerprint.of(Row.withSchema(two).addValues("", "x").build());
    assertFalse(Arrays.equals(split1, split2));
    assertFalse(Arrays.equals(nullVsEmpty1, nullVsEmpty2));
  }

  @Test
  void aLongRowIsFingerprintedWhole() {
    Schema one = Schema.builder().addStringField("text").build();
    String base = "x".repeat(5_000);
    byte[] a = RowFingerprint.of(Row.withSchema(one).addValues(base + "a").build());
    byte[] b = RowFingerprint.of(Row.withSchema(one).addValues(base + "b").build());
    assertFalse(Arrays.equals(a, b), "the end of a row longer than the buffer counts too");
  }
}
