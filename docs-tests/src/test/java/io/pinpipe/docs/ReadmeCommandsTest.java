package io.pinpipe.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commands of the documents ({@code README.md}, {@code docs/*.md}, {@code stack/README.md})
 * name only what the local stack has: a database that {@code bin/pinpipe-stack seed} (or {@code up
 * iceberg}) creates, a bucket and a topic that {@code up} creates. Catches the drift of a
 * first-hour user pasting an example ({@code .../3306/pinterest}: Unknown database; {@code
 * s3://landing/...}: NoSuchBucket) without servers.
 */
class ReadmeCommandsTest {
  private static final List<String> DOCUMENTS = ReadmeCommandsIT.DOCUMENTS;
  private static final Pattern STACK_JDBC =
      Pattern.compile("jdbc:(?:mariadb|postgresql)://127\\.0\\.0\\.1:(?:3306|5432)/(\\w+)");
  private static final Pattern BUCKET = Pattern.compile("s3://([a-z0-9][a-z0-9.-]*)");
  private static final Pattern TOPIC_ROUTE = Pattern.compile("/topics/([A-Za-z0-9._-]+)");

  @Test
  void stackDatabasesInTheReadmesAreTheOnesTheStackCreates() throws IOException {
    Matcher seeded =
        Pattern.compile("PINPIPE_MARIADB_JDBC_URL=\"jdbc:mariadb://[^\"]*/(\\w+)\"")
            .matcher(read("stack/env.sh"));
    assertTrue(seeded.find(), "stack/env.sh names the seeded database");
    String database = seeded.group(1);
    assertTrue(
        read("bin/pinpipe-stack").contains("CREATE DATABASE IF NOT EXISTS " + database),
        "seed creates " + database);
    Set<String> known = Set.of(database, "iceberg_catalog");
    int found = 0;
    for (String document : DOCUMENTS) {
      for (String command : commands(document)) {
        Matcher jdbc = STACK_JDBC.matcher(command);
        while (jdbc.find()) {
          found++;
          assertTrue(
              known.contains(jdbc.group(1)),
              document
                  + ": database '"
                  + jdbc.group(1)
                  + "' is not one the stack creates "
                  + known
                  + ":\n"
                  + command);
        }
      }
    }
    assertTrue(found >= 2, "the README's clean and emulate examples name the stack's MariaDB");
  }

  @Test
  void bucketsAndTopicsOfCommandsAgainstTheStackAreTheOnesUpCreates() throws IOException {
    Matcher list =
        Pattern.compile("S3_BUCKETS=\"\\$\\{PINPIPE_S3_BUCKETS:-([^}]*)}\"")
            .matcher(read("bin/pinpipe-stack"));
    assertTrue(list.find(), "bin/pinpipe-stack's default bucket list");
    Set<String> buckets = Set.of(list.group(1).trim().split("\\s+"));
    Set<String> topics = Set.of("pinpipe.pin", "pinpipe.geo", "pinpipe.user");
    List<String> checked = new ArrayList<>();
    for (String document : DOCUMENTS) {
      for (String command : commands(document)) {
        // A command against the stack's S3Proxy, unless it makes its bucket itself (aws s3 mb).
        if ((command.contains("127.0.0.1:19000") || command.contains("$PINPIPE_S3_ENDPOINT"))
            && !command.contains("s3 mb ")) {
          Matcher bucket = BUCKET.matcher(command);
          while (bucket.find()) {
            checked.add(bucket.group(1));
            assertTrue(
                buckets.contains(bucket.group(1)),
                document
                    + ": bucket '"
                    + bucket.group(1)
                    + "' on the stack's S3Proxy is not one bin/pinpipe-stack up creates "
                    + buckets
                    + ":\n"
                    + command);
          }
        }
        if (command.contains("127.0.0.1:8082")) {
          Matcher topic = TOPIC_ROUTE.matcher(command);
          while (topic.find()) {
            assertTrue(
                topics.contains(topic.group(1)),
                document + ": topic '" + topic.group(1) + "' is not created by up:\n" + command);
          }
        }
      }
    }
    assertTrue(checked.contains("landing"), "the README's land example on the stack: " + checked);
  }

  /**
   * The commands of {@code document}'s code blocks (continuation lines and here-documents joined).
   */
  private static List<String> commands(String document) throws IOException {
    return ShellCommands.of(LocalStack.root(), document).stream()
        .map(ShellCommands.Command::text)
        .toList();
  }

  private static String read(String file) throws IOException {
    return Files.readString(LocalStack.root().resolve(file), StandardCharsets.UTF_8);
  }
}
