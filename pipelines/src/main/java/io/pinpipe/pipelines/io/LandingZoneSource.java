package io.pinpipe.pipelines.io;

import io.pinpipe.options.InvalidOptionException;
import io.pinpipe.transforms.model.RawRecord;
import io.pinpipe.transforms.model.TableSpec;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads raw landing objects (wire-formats.md §4): {@code
 * <root>/topics/<prefix>.<table>/partition=*}{@code /*.json}, one JSON value per line.
 */
public final class LandingZoneSource implements RawRecordSource {
  private static final long serialVersionUID = 1L;

  private final String root;
  private final String topicPrefix;

  public LandingZoneSource(String root, String topicPrefix) {
    this.root = root;
    this.topicPrefix = topicPrefix;
  }

  /** The file pattern of one table's objects. */
  public String pattern(TableSpec table) {
    return OutputPaths.join(root, "topics/" + table.topic(topicPrefix) + "/partition=*/*.json");
  }

  @Override
  public void requireInput(List<? extends TableSpec> tables) {
    for (TableSpec table : tables) {
      if (FileMatches.none("input", pattern(table))) {
        throw new InvalidOptionException(
            "input",
            "no landing objects for "
                + table.id()
                + " under "
                + root
                + ": expected "
                + OutputPaths.join(
                    root,
                    "topics/"
                        + table.topic(topicPrefix)
                        + "/partition=<p>/"
                        + table.topic(topicPrefix)
                        + "+<p>+<offset>.json")
                + " (is --input the landing root, and --topicPrefix "
                + topicPrefix
                + " right?)");
      }
    }
  }

  @Override
  public java.util.Map<String, String> describe() {
    return java.util.Map.of(
        "pinpipe.input", "landing:" + root, "pinpipe.input-topic-prefix", topicPrefix);
  }

  @Override
  public PTransform<PBegin, PCollection<RawRecord>> read(TableSpec table) {
    String pattern = pattern(table);
    return new PTransform<PBegin, PCollection<RawRecord>>() {
      @Override
      public PCollection<RawRecord> expand(PBegin begin) {
        return begin
            // A run's launch checks that there are objects (requireInput); tests read empty zones
            // too.
            .apply(
                "MatchObjects",
                FileIO.match()
                    .filepattern(pattern)
                    .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
            .apply("OpenObjects", FileIO.readMatches())
            .apply("ReadLines", ParDo.of(new ReadRawLinesFn(table)));
      }
    };
  }
}
