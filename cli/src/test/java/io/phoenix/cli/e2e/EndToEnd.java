package io.phoenix.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the end-to-end tests (simulated world and lab) do to a running world's broker. */
public final class EndToEnd {

  private EndToEnd() {}

  /** Requests {@code create guests} as a client would and follows it; every event, in order. */
  public static List<CloudEvent> build(String kafka, List<Integer> guests, Duration timeout) {
    List<CloudEvent> events = new ArrayList<>();
    try (BuildClient client = new BuildClient(kafka, Topics.defaults())) {
      client.fromEnd();
      String requestId = "e2e-" + UUID.randomUUID();
      client.send(new BuildRequest(requestId, BuildRequest.CREATE, guests, false));
      CloudEvent accepted = client.awaitAccepted(requestId, Duration.ofMinutes(2));
      events.add(accepted);
      client.follow(accepted.buildid(), events::add, timeout);
    }
    return events;
  }

  /** The build's last event. */
  public static CloudEvent last(List<CloudEvent> events) {
    return events.get(events.size() - 1);
  }

  /** Asserts that the build succeeded, naming the failed step and reason when it did not. */
  public static void assertSucceeded(List<CloudEvent> build) {
    CloudEvent end = last(build);
    String why =
        EventTypes.BUILD_FAILED.equals(end.type())
            ? ((BuildFailed) Envelopes.data(end)).failedStep()
                + ": "
                + ((BuildFailed) Envelopes.data(end)).reason()
            : end.type();
    assertThat(end.type()).as(why).isEqualTo(EventTypes.BUILD_SUCCEEDED);
  }

  /** Every record of every topic, keyed by topic/partition@offset. */
  public static Map<String, byte[]> allRecords(String kafka) throws Exception {
    Map<String, byte[]> all = new LinkedHashMap<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka));
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : admin.listTopics().names().get()) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          all.put(
              r.topic() + "/" + r.partition() + "@" + r.offset(),
              r.value() == null ? new byte[0] : r.value());
        }
      }
    }
    assertThat(all).isNotEmpty();
    return all;
  }
}
