package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.CloudEventDeserializer;
import io.phoenix.common.kafka.CloudEventSerializer;
import io.phoenix.common.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the three agents with plain Kafka clients: reads every committed command, counts each
 * (step, attempt) and answers as the test's behaviour says.
 */
public final class FakeAgents implements AutoCloseable {

  /** One answer: after {@code delay}, publish {@code data}. */
  public record Answer(Duration delay, EventData data) {}

  private final Topics topics;
  private final Function<CloudEvent, List<Answer>> behaviour;
  private final Map<String, AtomicInteger> dispatches = new ConcurrentHashMap<>();
  private final List<CloudEvent> commands = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<String, CloudEvent> consumer;
  private final KafkaProducer<String, CloudEvent> producer;
  private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
  private final Thread thread;
  private volatile boolean running = true;

  public FakeAgents(Topics topics, String group, Function<CloudEvent, List<Answer>> behaviour) {
    this.topics = topics;
    this.behaviour = behaviour;
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new CloudEventDeserializer());
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new CloudEventSerializer());
    thread = new Thread(this::run, "fake-agents");
    thread.start();
  }

  /** Answers started at once and succeeded after {@code work}, with an IP for create steps. */
  public static List<Answer> succeed(CloudEvent command, Duration work) {
    Map<String, String> outputs =
        command.type().endsWith(".create") ? Map.of("ip", "10.0.0." + command.attempt()) : Map.of();
    return List.of(
        new Answer(Duration.ZERO, new StepStarted("fake-agent")),
        new Answer(
            work,
            new StepSucceeded(StepSucceeded.Outcome.CREATED, List.of(), outputs, work.toMillis())));
  }

  /** How many times each {@code stepId#attempt} was dispatched. */
  public Map<String, Integer> dispatches() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    dispatches.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public List<CloudEvent> commands() {
    return List.copyOf(commands);
  }

  private void run() {
    try {
      consumer.subscribe(Arrays.stream(Agent.values()).map(topics::commands).toList());
      while (running) {
        for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(100))) {
          CloudEvent command = record.value();
          commands.add(command);
          dispatches
              .computeIfAbsent(command.stepid() + "#" + command.attempt(), k -> new AtomicInteger())
              .incrementAndGet();
          for (Answer answer : behaviour.apply(command)) {
            answers.schedule(
                () -> publish(command, answer.data()),
                answer.delay().toMillis(),
                TimeUnit.MILLISECONDS);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private void publish(CloudEvent command, EventData data) {
    CloudEvent event =
        Envelopes.event(
            "/phoenix/fake-agent",
            data,
            command.buildid(),
            command.stepid(),
            command.attempt(),
            Instant.now());
    producer.send(new ProducerRecord<>(topics.events(), command.buildid(), event));
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
    answers.shutdownNow();
    producer.close(Duration.ofSeconds(2));
  }
}
