package io.pinpipe.pipelines.cli;

import io.pinpipe.pipelines.options.FlinkStreamingDefaults;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Lists a pipeline's own options (those declared by pinpipe's option interfaces) with their
 * descriptions and defaults, then the Beam options every pipeline also takes.
 */
final class OptionsHelp {
  private OptionsHelp() {}

  static void print(String command, Class<?> optionsClass, PrintStream out) {
    out.println("Usage: pinpipe " + command + " [--option=value ...]");
    out.println();
    out.println("Options:");
    for (Map.Entry<String, String> option : ownOptions(optionsClass).entrySet()) {
      out.printf("  --%-22s %s%n", option.getKey(), option.getValue());
    }
    out.println();
    out.println("Runner and cloud options (Beam's own):");
    out.printf(
        "  --%-22s %s%n", "runner", "DirectRunner (default here), FlinkRunner or SparkRunner");
    out.printf(
        "  --%-22s %s%n",
        "flinkMaster", "FlinkRunner: [local] (embedded mini-cluster) or host:port of a JobManager");
    out.printf(
        "  --%-22s %s%n",
        "checkpointingInterval",
        "FlinkRunner: ms between checkpoints; stream and land --mode=stream "
            + "default to "
            + FlinkStreamingDefaults.INTERVAL_MILLIS
            + " (Flink's own default is none: no consistent restart)");
    out.printf(
        "  --%-22s %s%n",
        "stateBackend",
        "FlinkRunner: filesystem or rocksdb, with --stateBackendStoragePath; stream and "
            + "land --mode=stream on an embedded Flink default to filesystem under "
            + FlinkStreamingDefaults.LOCAL_STORAGE_PATH
            + " (Flink's own default keeps at most 5 MiB of state a task)");
    out.printf(
        "  --%-22s %s%n",
        "maxBundleTimeMills",
        "FlinkRunner: ms a bundle may stay open (a watermark waits at most this long in a step);"
            + " stream and land --mode=stream default to "
            + FlinkStreamingDefaults.MAX_BUNDLE_TIME_MILLIS
            + " (Beam's: 1000), --maxBundleSize stays Beam's 1000");
    out.printf("  --%-22s %s%n", "sparkMaster", "SparkRunner: local[N] or spark://host:port");
    out.printf("  --%-22s %s%n", "awsRegion", "AWS region for s3:// paths, e.g. us-east-1");
    out.printf("  --%-22s %s%n", "endpoint", "S3-compatible endpoint, e.g. http://127.0.0.1:19000");
    out.printf(
        "  --%-22s %s%n",
        "s3ClientFactoryClass",
        "io.pinpipe.pipelines.io.PathStyleS3ClientBuilderFactory for path-style S3 servers");
    out.printf(
        "  --%-22s %s%n",
        "awsCredentialsProvider",
        "AWS SDK credentials provider as JSON, e.g. static keys for a local S3 server; default: the default chain");
    out.println(
        "AWS credentials come from the default credential chain (environment, profile, instance role).");
  }

  private static Map<String, String> ownOptions(Class<?> optionsClass) {
    Map<String, String> options = new LinkedHashMap<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(optionsClass);
    while (!todo.isEmpty()) {
      Class<?> type = todo.removeFirst();
      if (!seen.add(type)) {
        continue;
      }
      if (type.getName().startsWith("io.pinpipe.")) {
        for (Method method : type.getDeclaredMethods()) {
          Description description = method.getAnnotation(Description.class);
          String name = propertyName(method);
          if (description != null && name != null && !options.containsKey(name)) {
            options.put(name, description.value() + defaultOf(method));
          }
        }
      }
      todo.addAll(java.util.List.of(type.getInterfaces()));
    }
    return options;
  }

  private static String propertyName(Method method) {
    String name = method.getName();
    int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : -1;
    if (prefix < 0 || method.getParameterCount() != 0) {
      return null;
    }
    return Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1);
  }

  private static String defaultOf(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      if (annotation.annotationType().getEnclosingClass() == Default.class) {
        try {
          Object value = annotation.annotationType().getMethod("value").invoke(annotation);
          // Enum options are written in lower case on the command line (Choices).
          return " (default: "
              + (annotation instanceof Default.Enum
                  ? String.valueOf(value).toLowerCase(Locale.ROOT)
                  : value)
              + ")";
        } catch (ReflectiveOperationException e) {
          return "";
        }
      }
    }
    return "";
  }
}
