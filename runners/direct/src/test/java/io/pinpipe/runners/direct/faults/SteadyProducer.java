package io.pinpipe.runners.direct.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady input: sends the given records to Kafka at a fixed rate from a thread of its own ({@code
 * acks=all}, each send waited for), counting what the broker acknowledged.
 */
final class SteadyProducer implements AutoCloseable {
  /** One record to send: topic and value, partition 0. */
  record Send(String topic, String value) {}

  private final Thread thread;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stop;

  private SteadyProducer(String bootstrap, List<Send> sends, double perSecond) {
    thread =
        new Thread(
            () -> {
              Properties props = new Properties();
              props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
              props.put(ProducerConfig.ACKS_CONFIG, "all");
              props.put(
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
              props.put(
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
              long start = System.nanoTime();
              try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < sends.size() && !stop; i++) {
                  long due = start + (long) (i * 1e9 / perSecond);
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  producer
                      .send(
                          new ProducerRecord<>(sends.get(i).topic(), 0, null, sends.get(i).value()))
                      .get();
                  acknowledged.incrementAndGet();
                }
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "steady-producer");
    thread.setDaemon(true);
  }

  static SteadyProducer start(String bootstrap, List<Send> sends, double perSecond) {
    SteadyProducer producer = new SteadyProducer(bootstrap, sends, perSecond);
    producer.thread.start();
    return producer;
  }

  static void createTopics(String bootstrap, String prefix) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String table : List.of("pin", "geo", "user")) {
      topics.add(new NewTopic(prefix + "." + table, 1, (short) 1));
    }
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Waits for every record to be acknowledged; fails on a send error or after the timeout. */
  void awaitDone(long timeoutSeconds) throws Exception {
    thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
    if (failure.get() != null) {
      throw new AssertionError("the producer failed", failure.get());
    }
    if (thread.isAlive()) {
      throw new AssertionError("the producer did not finish in " + timeoutSeconds + " s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(30_000);
  }
}
