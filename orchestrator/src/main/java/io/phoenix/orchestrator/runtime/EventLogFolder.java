package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.Saga;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds the builds of events partitions from the log: reads each partition from its beginning to
 * a given end offset (committed records only) and folds every event with {@link Saga#evolve}.
 */
final class EventLogFolder {

  private static final Duration POLL = Duration.ofMillis(100);

  private final Saga saga;
  private final Map<String, Object> readerProperties;

  EventLogFolder(Saga saga, Map<String, Object> readerProperties) {
    this.saga = saga;
    this.readerProperties = readerProperties;
  }

  /**
   * Folds the records below {@code ends} into {@code owned}; stops early when {@code stopping} says
   * so. Returns how many records it read.
   */
  int fold(Map<TopicPartition, Long> ends, OwnedBuilds owned, BooleanSupplier stopping) {
    int count = 0;
    try (KafkaConsumer<String, byte[]> replay = new KafkaConsumer<>(readerProperties)) {
      List<TopicPartition> pending =
          new ArrayList<>(ends.keySet().stream().filter(tp -> ends.get(tp) > 0).toList());
      replay.assign(pending);
      replay.seekToBeginning(pending);
      while (!pending.isEmpty() && !stopping.getAsBoolean()) {
        for (ConsumerRecord<String, byte[]> record : replay.poll(POLL)) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < ends.get(tp)) {
            fold(record, owned);
            count++;
          }
        }
        pending.removeIf(tp -> replay.position(tp) >= ends.get(tp));
      }
    }
    return count;
  }

  private void fold(ConsumerRecord<String, byte[]> record, OwnedBuilds owned) {
    try {
      CloudEvent event = Envelopes.read(record.value());
      if (!EventTypes.EVENTS.contains(event.type()) || event.buildid() == null) {
        return;
      }
      BuildState state = saga.evolve(owned.get(record.partition(), event.buildid()), event);
      if (state != null) {
        owned.put(record.partition(), state);
      }
    } catch (MalformedRecordException e) {
      // It was dead-lettered when it was first read.
    }
  }
}
