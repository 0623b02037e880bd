package io.pinpipe.transforms.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pinpipe.transforms.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CuratedJson.LinesWriter} writes each row exactly as {@link CuratedJson#toJson} forms it.
 */
class CuratedJsonLinesTest {
  @ParameterizedTest
  @EnumSource(Table.class)
  void theGoldenRowsWrittenAsLinesAreTheGoldenFile(Table table) throws IOException {
    String golden = golden(table);
    Schema schema = table.curatedSchema();
    StringWriter text = new StringWriter();
    CuratedJson.LinesWriter lines = new CuratedJson.LinesWriter(text);
    StringBuilder oneByOne = new StringBuilder();
    for (String line : golden.split("\n")) {
      lines.write(CuratedJson.fromJson(schema, line));
      oneByOne.append(CuratedJson.toJson(CuratedJson.fromJson(schema, line))).append('\n');
    }
    lines.flush();
    assertEquals(golden, text.toString(), "the lines writer");
    assertEquals(golden, oneByOne.toString(), "toJson, line by line");
  }

  private static String golden(Table table) throws IOException {
    String resource = "/io/pinpipe/testdata/golden/curated-" + table.id() + ".jsonl";
    try (InputStream in = CuratedJsonLinesTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
