package io.pinpipe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing the API while clients are posting: requests in flight finish, later ones get a JSON 503
 * or a refused connection, and every record the API acknowledged with 200 is in Kafka (and no
 * more).
 */
class GracefulShutdownTest {
  @Test
  void closingUnderLoadLosesNoAcknowledgedRecord() throws Exception {
    LocalStack.up();
    String topic = Backends.unique("ingest-shutdown");
    Backends.createTopic(topic, 1);
    IngestApi api =
        IngestApi.start(
            IngestOptions.forLocal(
                LocalStack.kafkaBootstrap(), LocalStack.kinesisEndpoint(), ApiKeys.none()));
    Http http = new Http(api.uri());
    AtomicInteger acknowledged = new AtomicInteger();
    Queue<String> otherAnswers = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      clients.add(
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  try {
                    HttpResponse<String> r =
                        http.send(
                            "POST",
                            "/topics/" + topic,
                            "{\"records\":[{\"value\":{\"i\":1}},{\"value\":{\"i\":2}}]}",
                            "Content-Type",
                            Http.KAFKA_JSON);
                    if (r.statusCode() == 200) {
                      acknowledged.addAndGet(2);
                    } else if (!(r.statusCode() == 503
                        && r.body().startsWith("{\"error_code\":50301,"))) {
                      otherAnswers.add(r.statusCode() + " " + r.body());
                    }
                  } catch (Exception refused) {
                    return; // the server has stopped listening
                  }
                }
              }));
    }
    clients.forEach(Thread::start);
    Thread.sleep(1500);
    api.close();
    for (Thread client : clients) {
      client.join();
    }
    assertTrue(acknowledged.get() > 0, "some requests were served before closing");
    // Requests arriving while the server stops get a JSON 503 (retry); anything else is a failure.
    assertEquals(List.of(), List.copyOf(otherAnswers), "in-flight requests finish normally");
    assertEquals(acknowledged.get(), Backends.readTopic(topic, acknowledged.get()).size());
  }
}
