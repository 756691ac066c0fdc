package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every committed record of one topic, from the beginning, for assertions. */
public final class EventLog implements AutoCloseable {

  private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public EventLog(String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    thread =
        new Thread(
            () -> {
              try {
                List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                  consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
              } catch (WakeupException e) {
                // closing
              } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
              }
            },
            "event-log-" + topic);
    thread.start();
  }

  public List<ConsumerRecord<String, byte[]>> records() {
    return List.copyOf(records);
  }

  /** The readable events, in the order read. */
  public List<CloudEvent> events() {
    return records.stream()
        .map(
            r -> {
              try {
                return Envelopes.read(r.value());
              } catch (MalformedRecordException e) {
                return null;
              }
            })
        .filter(e -> e != null)
        .toList();
  }

  public List<CloudEvent> events(Predicate<CloudEvent> filter) {
    return events().stream().filter(filter).toList();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
