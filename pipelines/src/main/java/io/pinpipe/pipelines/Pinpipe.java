package io.pinpipe.pipelines;

import io.pinpipe.pipelines.analytics.AnalyticsPipeline;
import io.pinpipe.pipelines.batch.BatchPipeline;
import io.pinpipe.pipelines.clean.CleanPipeline;
import io.pinpipe.pipelines.demo.DemoPipeline;
import io.pinpipe.pipelines.land.LandPipeline;
import io.pinpipe.pipelines.stream.StreamPipeline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** {@code pinpipe <pipeline> [--option=value ...]}: the entry point of every runner jar. */
public final class Pinpipe {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put(
        DemoPipeline.NAME,
        new Command(
            "clean the real sample rows from an embedded H2 database into ./pinpipe-out (no servers)",
            DemoPipeline::main));
    COMMANDS.put(
        CleanPipeline.NAME,
        new Command(
            "raw landing objects or the source database -> curated tables and dead letters",
            CleanPipeline::main));
    COMMANDS.put(
        LandPipeline.NAME,
        new Command(
            "Kafka topics -> raw landing objects in the Confluent S3 sink layout (batch mode)",
            LandPipeline::main));
    COMMANDS.put(
        StreamPipeline.NAME,
        new Command(
            "the speed layer: Kafka topics -> the same cleaning -> windowed curated output (runs until stopped)",
            StreamPipeline::main));
    COMMANDS.put(
        AnalyticsPipeline.NAME,
        new Command(
            "curated tables -> the eight batch questions as CSV, JSON and an HTML report",
            AnalyticsPipeline::main));
    COMMANDS.put(
        BatchPipeline.NAME,
        new Command(
            "the daily batch job: clean, then analytics over its output", BatchPipeline::main));
  }

  private Pinpipe() {}

  public static void main(String[] args) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      printUsage();
      System.exit(args.length == 0 ? 2 : 0);
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null && args[0].equals("emulate")) {
      // The emulator is a load generator with a jar of its own, not a pipeline of the runner jars.
      System.err.println(
          "pinpipe: emulate is not in the runner jars: run bin/pinpipe emulate"
              + " (emulator/target/pinpipe-emulator.jar)");
      System.exit(2);
    }
    if (command == null) {
      System.err.println(
          "pinpipe: unknown pipeline '" + args[0] + "': expected one of " + COMMANDS.keySet());
      System.exit(2);
    }
    command.main.accept(Arrays.copyOfRange(args, 1, args.length));
  }

  private static void printUsage() {
    System.out.println(
        "Usage: pinpipe <pipeline> [--option=value ...]   (pinpipe <pipeline> --help lists its options)");
    System.out.println();
    System.out.println("Pipelines:");
    COMMANDS.forEach(
        (name, command) -> System.out.printf("  %-10s %s%n", name, command.description));
  }

  private static final class Command {
    final String description;
    final Consumer<String[]> main;

    Command(String description, Consumer<String[]> main) {
      this.description = description;
      this.main = main;
    }
  }
}
