package io.pinpipe.pipelines.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.OutputFiles;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.testdata.RealRows;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on embedded defaults: every real row curated from the embedded H2 database. */
class DemoPipelineTest {
  @TempDir Path work;

  @Test
  void demoCleansEveryRealRowFromTheEmbeddedDatabase() {
    DemoPipeline.Options options = PipelineOptionsFactory.fromArgs("--output=" + work).as(DemoPipeline.Options.class);
    RunReport report = DemoPipeline.run(options);
    assertTrue(report.reconciles());
    for (Table table : Table.values()) {
      assertEquals(RealRows.lines(table.id()).size(), report.get(table).curatedAfterDedup);
      assertEquals(0, report.get(table).deadLettered);
      assertEquals(RealRows.lines(table.id()).size(), OutputFiles.jsonLines(work.resolve("curated").resolve(table.id())).size());
    }
  }
}
