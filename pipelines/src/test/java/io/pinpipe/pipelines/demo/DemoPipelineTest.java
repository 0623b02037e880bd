package io.pinpipe.pipelines.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LakeRows;
import io.pinpipe.pipelines.report.RunReport;
import io.pinpipe.testdata.SourceTables;
import io.pinpipe.transforms.model.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The main job on embedded defaults: every row of the embedded H2 database (the original's shape:
 * the real rows and the generated ones that fill the keys they miss) curated, then every answer.
 */
class DemoPipelineTest {
  @Test
  void demoCleansEveryRowOfTheEmbeddedDatabase() throws Exception {
    Path work = DemoRun.shared().output;
    io.pinpipe.pipelines.batch.BatchPipeline.Result result = DemoRun.shared().result;
    RunReport report = result.clean;
    assertTrue(report.reconciles());
    for (Table table : Table.values()) {
      assertEquals(
          SourceTables.originalShape(table.id()).size(), report.get(table).curatedAfterDedup);
      assertEquals(0, report.get(table).deadLettered);
      assertEquals(
          SourceTables.originalShape(table.id()).size(),
          LakeRows.embedded(work).batchView(table).size());
    }
    assertEquals(9, result.answers.size());
    for (String id : List.of("q1", "q2", "q3", "q3_top", "q4", "q5", "q6", "q7", "q8")) {
      assertTrue(Files.exists(work.resolve("analytics").resolve(id + ".csv")), id);
      assertTrue(Files.exists(work.resolve("analytics").resolve(id + ".json")), id);
    }
    assertTrue(Files.exists(work.resolve("analytics/report.html")));
  }
}
