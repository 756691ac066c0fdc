package io.phoenix.common.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Traceparent;
import io.phoenix.common.kafka.CloudEventDeserializer;
import io.phoenix.common.kafka.DeadLetters;
import io.phoenix.common.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class AgentRuntimeTest {

  private static final String PREFIX = "art" + UUID.randomUUID().toString().substring(0, 8);
  private static final AtomicInteger echoes = new AtomicInteger();
  private static ConfigurableApplicationContext context;

  @Configuration
  @EnableAutoConfiguration
  @Import(AgentRuntime.class)
  static class TestAgent {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    AgentKind agentKind() {
      return new AgentKind(Agent.PROXMOX);
    }

    @Bean
    StepHandler echo() {
      return new StepHandler() {
        @Override
        public Set<String> actions() {
          return Set.of("echo");
        }

        @Override
        public StepOutcome handle(StepCommand command, StepContext step) {
          echoes.incrementAndGet();
          step.progress("echoing " + command.detail(), 50);
          return new StepSucceeded(
              StepSucceeded.Outcome.CREATED, List.of(), Map.of("said", command.detail()), 0);
        }
      };
    }
  }

  @BeforeAll
  static void startAgent() {
    context =
        new SpringApplicationBuilder(TestAgent.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "phoenix.kafka.topic-prefix=" + PREFIX,
                "phoenix.kafka.command-partitions=2",
                "phoenix.kafka.event-partitions=2",
                "phoenix.agent.concurrency=1",
                "phoenix.agent.instance=test-agent")
            .run();
  }

  @AfterAll
  static void stopAgent() {
    context.close();
  }

  @Test
  void commandIsAnsweredWithStartedProgressAndSucceededCarryingTheTrace() {
    String trace = Traceparent.newTrace();
    CloudEvent command =
        Envelopes.command(
                "/phoenix/test",
                Agent.PROXMOX,
                new StepCommand(900, "echo", "hello", false, null, Map.of()),
                "b-1",
                "900/echo/hello",
                1,
                Instant.now())
            .withTraceparent(trace);
    send(PREFIX + ".commands.proxmox", "900", Envelopes.write(command));

    List<CloudEvent> events = readEvents("b-1", 3);
    assertThat(events)
        .extracting(CloudEvent::type)
        .containsExactly(
            EventTypes.STEP_STARTED, EventTypes.STEP_PROGRESS, EventTypes.STEP_SUCCEEDED);
    CloudEvent done = events.get(2);
    assertThat(done.stepid()).isEqualTo("900/echo/hello");
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.source()).isEqualTo("test-agent");
    assertThat(Traceparent.traceId(done.traceparent())).isEqualTo(Traceparent.traceId(trace));
    assertThat(((StepSucceeded) Envelopes.data(done)).outputs()).containsEntry("said", "hello");
    Timer timer =
        context
            .getBean(SimpleMeterRegistry.class)
            .get("phoenix.step.duration")
            .tags("agent", "proxmox", "action", "echo", "outcome", "created")
            .timer();
    assertThat(timer.count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void kafkaHealthIsUpWhileTheBrokerAnswers() {
    HealthIndicator kafka = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
    assertThat(kafka.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void unknownActionFailsTheStepWithoutRetry() {
    CloudEvent command =
        Envelopes.command(
            "/phoenix/test",
            Agent.PROXMOX,
            new StepCommand(101, "teleport", null, false, null, Map.of()),
            "b-2",
            "101/teleport",
            1,
            Instant.now());
    send(PREFIX + ".commands.proxmox", "101", Envelopes.write(command));

    List<CloudEvent> events = readEvents("b-2", 1);
    StepFailed failed = (StepFailed) Envelopes.data(events.get(0));
    assertThat(failed.reason()).isEqualTo(StepFailures.UNSUPPORTED);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("teleport");
  }

  @Test
  void poisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextCommandIsServed() {
    send(PREFIX + ".commands.proxmox", "x", "this is not json".getBytes(StandardCharsets.UTF_8));
    int before = echoes.get();
    CloudEvent command =
        Envelopes.command(
            "/phoenix/test",
            Agent.PROXMOX,
            new StepCommand(102, "echo", "after-poison", false, null, Map.of()),
            "b-3",
            "102/echo/after-poison",
            1,
            Instant.now());
    send(PREFIX + ".commands.proxmox", "x", Envelopes.write(command));

    ConsumerRecord<byte[], byte[]> dead = readOne(PREFIX + ".commands.proxmox-dlt");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
    Header reason = dead.headers().lastHeader(DeadLetters.REASON_HEADER);
    assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("not JSON");
    assertThat(readEvents("b-3", 3))
        .extracting(CloudEvent::type)
        .contains("phoenix.step.succeeded");
    assertThat(echoes.get()).isGreaterThan(before);
  }

  private static void send(String topic, String key, byte[] value) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
    }
  }

  private static List<CloudEvent> readEvents(String buildId, int count) {
    List<CloudEvent> seen = new ArrayList<>();
    try (KafkaConsumer<String, CloudEvent> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                TestKafka.bootstrapServers(),
                "group.id",
                UUID.randomUUID().toString(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new CloudEventDeserializer())) {
      consumer.subscribe(Set.of(PREFIX + ".events"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(200))) {
          if (buildId.equals(r.key())) {
            seen.add(r.value());
          }
        }
      }
    }
    return seen;
  }

  private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                TestKafka.bootstrapServers(),
                "group.id",
                UUID.randomUUID().toString(),
                "auto.offset.reset",
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          return r;
        }
      }
    }
    throw new AssertionError("nothing on " + topic + " within 60 s");
  }
}
