package io.pinpipe.bench;

import io.pinpipe.transforms.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A measurement's own topics {@code <prefix>.{pin,geo,user}}: created fresh, deleted after. */
final class BenchTopics {
  private BenchTopics() {}

  static void create(String bootstrap, String prefix, int partitions)
      throws InterruptedException, ExecutionException {
    try (Admin admin = admin(bootstrap)) {
      admin
          .createTopics(
              names(prefix).stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all()
          .get();
    }
  }

  /** Leaves the broker as it was; a failure is reported, not thrown (the result stands). */
  static void delete(String bootstrap, String prefix) {
    try (Admin admin = admin(bootstrap)) {
      admin.deleteTopics(names(prefix)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.printf("pinpipe-bench: could not delete the topics %s.*: %s%n", prefix, e);
    }
  }

  static List<String> names(String prefix) {
    List<String> topics = new ArrayList<>();
    for (Table table : Table.values()) {
      topics.add(prefix + "." + table.id());
    }
    return topics;
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
