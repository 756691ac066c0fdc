package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.BuildRejected;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.CloudEventSerializer;
import io.phoenix.common.kafka.DeadLetters;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.Decision;
import io.phoenix.orchestrator.saga.Outbound;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What one transaction will write, and the state changes that become true only if it commits: a
 * decision touches local state only after Kafka has accepted its records and the consumed offsets.
 */
final class Batch {

  final Instant now;
  private final Topics topics;
  private final String source;
  private final OwnedBuilds owned;
  final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  final Map<Integer, Map<String, BuildState>> staged = new HashMap<>();
  final Set<String> emitted = new HashSet<>();
  final List<CloudEvent> written = new ArrayList<>();
  final Map<String, Admission.Admitted> admitted = new HashMap<>();

  Batch(Instant now, Topics topics, String source, OwnedBuilds owned) {
    this.now = now;
    this.topics = topics;
    this.source = source;
    this.owned = owned;
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** The build as this batch sees it: its own changes over the committed state. */
  BuildState state(int partition, String buildId) {
    Map<String, BuildState> mine = staged.get(partition);
    if (mine != null && mine.containsKey(buildId)) {
      return mine.get(buildId);
    }
    return owned.get(partition, buildId);
  }

  /** Every build of {@code partition} as this batch sees it. */
  Map<String, BuildState> states(int partition) {
    Map<String, BuildState> all = new HashMap<>(owned.partition(partition));
    all.putAll(staged.getOrDefault(partition, Map.of()));
    return all;
  }

  void decided(int partition, Decision decision) {
    if (decision.state() != null) {
      staged
          .computeIfAbsent(partition, p -> new HashMap<>())
          .put(decision.state().buildId(), decision.state());
    }
    for (Outbound out : decision.records()) {
      add(out.topic(), null, out.key(), out.record());
      if (out.topic().equals(topics.events())) {
        emitted.add(out.record().id());
      }
    }
  }

  /** An event that the saga does not fold locally (accepted, rejected): it reads it back. */
  void event(CloudEvent event, String key) {
    add(topics.events(), null, key, event);
  }

  void rejected(String requestId, String buildId, String reason) {
    CloudEvent event =
        Envelopes.event(source, new BuildRejected(requestId, reason), buildId, null, null, now);
    String key = buildId != null ? buildId : requestId != null ? requestId : "rejected";
    event(event, key);
  }

  void forward(String topic, int partition, String key, byte[] value) {
    records.add(new ProducerRecord<>(topic, partition, key, value));
  }

  void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    RecordHeaders headers = new RecordHeaders();
    record.headers().forEach(headers::add);
    headers.add(DeadLetters.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add("phoenix-dlt-topic", record.topic().getBytes(StandardCharsets.UTF_8));
    headers.add(
        "phoenix-dlt-partition",
        String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
    headers.add(
        "phoenix-dlt-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
    records.add(
        new ProducerRecord<>(
            Topics.deadLetter(record.topic()), null, record.key(), record.value(), headers));
  }

  private void add(String topic, Integer partition, String key, CloudEvent event) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        CloudEventSerializer.CONTENT_TYPE_HEADER,
        CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    if (event.traceparent() != null) {
      headers.add("traceparent", event.traceparent().getBytes(StandardCharsets.UTF_8));
    }
    records.add(new ProducerRecord<>(topic, partition, key, Envelopes.write(event), headers));
    written.add(event);
  }
}
