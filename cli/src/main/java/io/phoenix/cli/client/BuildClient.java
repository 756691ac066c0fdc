package io.phoenix.cli.client;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.BuildRejected;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Talks to Phoenix the way any Kafka client can: a plain JSON request on {@code
 * phoenix.build.requests}, then the build's events read from {@code phoenix.events}.
 */
public final class BuildClient implements AutoCloseable {

  private final String bootstrapServers;
  private final Topics topics;
  private final KafkaConsumer<String, CloudEvent> events;

  /** Connects and positions a reader at the end of the event log, before anything is sent. */
  public BuildClient(String bootstrapServers, Topics topics) {
    KafkaConnection.requireReachable(bootstrapServers);
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.events =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new LenientDeserializer());
    List<PartitionInfo> partitions =
        events.partitionsFor(topics.events(), KafkaConnection.REACH_TIMEOUT);
    if (partitions == null || partitions.isEmpty()) {
      throw new CliException(
          "Kafka at "
              + bootstrapServers
              + " has no topic "
              + topics.events()
              + ": is the orchestrator running (bin/phoenix up)?");
    }
    List<TopicPartition> assigned = new ArrayList<>();
    for (PartitionInfo p : partitions) {
      assigned.add(new TopicPartition(p.topic(), p.partition()));
    }
    events.assign(assigned);
  }

  /** Reads the event log from its start (for status and replay) instead of its end. */
  public void fromBeginning() {
    events.seekToBeginning(events.assignment());
  }

  /** Positions at the end of the log, so only events after this call are read. */
  public void fromEnd() {
    events.seekToEnd(events.assignment());
    for (TopicPartition p : events.assignment()) {
      events.position(p); // resolve the lazy seek now, before a request is sent
    }
  }

  /** Sends {@code request} as a plain JSON value, as any client would. */
  public void send(BuildRequest request) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (int) KafkaConnection.REACH_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) KafkaConnection.REACH_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) KafkaConnection.REACH_TIMEOUT.toMillis() - 1000),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.buildRequests(),
                  request.requestId(),
                  Envelopes.json().writeValueAsBytes(request)))
          .get(KafkaConnection.REACH_TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while sending the build request");
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw KafkaConnection.unreachable(bootstrapServers);
    }
  }

  /** A new request id for a client request. */
  public static String newRequestId() {
    return "cli-" + UUID.randomUUID();
  }

  /**
   * Waits for the orchestrator's answer to {@code requestId}: the accepted event (whose {@code
   * buildid} is the build) or a {@link CliException} with the rejection's reason.
   */
  public CloudEvent awaitAccepted(String requestId, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, CloudEvent> record : events.poll(Duration.ofMillis(250))) {
        CloudEvent event = record.value();
        if (event == null) {
          continue;
        }
        if (EventTypes.BUILD_ACCEPTED.equals(event.type())) {
          BuildAccepted accepted = Envelopes.dataAs(event, BuildAccepted.class);
          if (requestId.equals(accepted.requestId())) {
            return event;
          }
        } else if (EventTypes.BUILD_REJECTED.equals(event.type())) {
          BuildRejected rejected = Envelopes.dataAs(event, BuildRejected.class);
          if (requestId.equals(rejected.requestId())) {
            throw new CliException("build rejected: " + rejected.reason());
          }
        }
      }
    }
    throw new CliException(
        "no answer to request "
            + requestId
            + " within "
            + timeout.toSeconds()
            + " s: is the orchestrator running?");
  }

  /**
   * Hands every event of {@code buildId} to {@code sink} until the build ends; returns the terminal
   * event.
   */
  public CloudEvent follow(String buildId, Consumer<CloudEvent> sink, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, CloudEvent> record : events.poll(Duration.ofMillis(250))) {
        CloudEvent event = record.value();
        if (event == null || !buildId.equals(event.buildid())) {
          continue;
        }
        sink.accept(event);
        if (isTerminal(event.type())) {
          return event;
        }
      }
    }
    throw new CliException(
        "build " + buildId + " did not end within " + timeout.toMinutes() + " min");
  }

  /** Every event currently in the log, for status views. */
  public List<CloudEvent> readAll(Duration idle) {
    fromBeginning();
    List<CloudEvent> all = new ArrayList<>();
    Map<TopicPartition, Long> end = events.endOffsets(events.assignment());
    Instant deadline = Instant.now().plus(idle);
    while (!caughtUp(end) && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, CloudEvent> record : events.poll(Duration.ofMillis(200))) {
        if (record.value() != null) {
          all.add(record.value());
        }
      }
    }
    return all;
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (events.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code type} ends a build. */
  public static boolean isTerminal(String type) {
    return EventTypes.BUILD_SUCCEEDED.equals(type)
        || EventTypes.BUILD_FAILED.equals(type)
        || EventTypes.BUILD_CANCELLED.equals(type);
  }

  /** The typed data of an event, or null when it cannot be read. */
  public static EventData dataOrNull(CloudEvent event) {
    try {
      return Envelopes.data(event);
    } catch (MalformedRecordException e) {
      return null;
    }
  }

  @Override
  public void close() {
    events.close();
  }

  /** Reads what it can; a record that is not a CloudEvent is skipped, not fatal. */
  static final class LenientDeserializer extends CloudEventDeserializer {
    @Override
    public CloudEvent deserialize(String topic, byte[] data) {
      try {
        return super.deserialize(topic, data);
      } catch (MalformedRecordException e) {
        return null;
      }
    }
  }
}
