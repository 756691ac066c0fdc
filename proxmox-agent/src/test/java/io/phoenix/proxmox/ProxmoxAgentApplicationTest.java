package io.phoenix.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.CloudEventDeserializer;
import io.phoenix.common.testing.TestKafka;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The proxmox-agent application as deployed: only the documented settings, its own {@code
 * application.yml}, a real Kafka broker and the Proxmox VE simulator over HTTPS. A command on
 * {@code phoenix.commands.proxmox} becomes a guest in the simulator and events on the event log,
 * and the token secret appears in no event and no log line.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    classes = ProxmoxAgentApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.config.additional-location=optional:classpath:/proxmox-agent/",
      "spring.application.name=proxmox-agent",
      "logging.level.io.phoenix=DEBUG"
    })
class ProxmoxAgentApplicationTest {

  private static final String PREFIX = "t" + UUID.randomUUID().toString().substring(0, 8);
  private static PveSimulator simulator;
  private static String secret;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws Exception {
    simulator = PveSimulator.start(PveSimulatorConfig.defaults().withSpeedFactor(0.02));
    String token = simulator.apiToken();
    int eq = token.indexOf('=');
    secret = token.substring(eq + 1);
    Path secretFile = Files.createTempFile("pve-token", ".secret");
    secretFile.toFile().deleteOnExit();
    Files.writeString(secretFile, secret);
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("phoenix.kafka.topic-prefix", () -> PREFIX);
    registry.add("phoenix.kafka.command-partitions", () -> "2");
    registry.add("phoenix.kafka.event-partitions", () -> "1");
    registry.add("phoenix.proxmox.url", () -> simulator.baseUri().toString());
    registry.add("phoenix.proxmox.token-id", () -> token.substring(0, eq));
    registry.add("phoenix.proxmox.token-secret-file", secretFile::toString);
    registry.add("phoenix.proxmox.fingerprint", simulator::certificateSha256);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @Autowired List<StepHandler> handlers;
  @Autowired ProxmoxProperties properties;
  @Autowired org.springframework.context.ApplicationContext context;

  @Test
  void readinessIncludesAProxmoxHealthThatIsUpWhileTheApiAnswers() {
    var proxmox =
        context.getBean(
            "proxmox", org.springframework.boot.health.contributor.HealthIndicator.class);
    var health = proxmox.health();
    assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
    assertThat(health.getDetails().toString()).doesNotContain(secret);
  }

  @Test
  void servesEveryProxmoxActionOfTheStepCatalog() {
    Set<String> actions =
        handlers.stream().flatMap(h -> h.actions().stream()).collect(Collectors.toSet());
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "create",
            "clone",
            "configure",
            "resize",
            "start",
            "stop",
            "snapshot",
            "template",
            "destroy",
            "observe");
    assertThat(properties.timeouts().keepAlive()).isLessThan(Duration.ofSeconds(5));
    assertThat(properties.tokenAuth()).isTrue();
  }

  @Test
  void aCommandOnTheTopicCreatesTheGuestAndReportsWithoutTheSecret(CapturedOutput output) {
    Topics topics = new Topics(PREFIX, 2, 1);
    String buildId = "b-" + UUID.randomUUID();
    ObjectNode params = Envelopes.json().createObjectNode();
    params.set(
        "guest",
        Envelopes.json()
            .readTree(
                "{\"id\":900,\"kind\":\"lxc\",\"name\":\"copy-base\",\"node\":\"pve\","
                    + "\"template\":true,\"source\":{\"ostemplate\":"
                    + "\"local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst\"},"
                    + "\"memory\":2048,\"disk\":10}"));
    params.put("node", "pve");
    CloudEvent command =
        Envelopes.command(
            "/phoenix/test",
            Agent.PROXMOX,
            new StepCommand(900, "create", null, false, params, Map.of()),
            buildId,
            "900/create",
            1,
            Instant.now());
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(topics.commands(Agent.PROXMOX), "900", Envelopes.write(command)));
    }

    List<CloudEvent> events = new ArrayList<>();
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, CloudEvent> consumer =
        new KafkaConsumer<>(
            consumerProps, new StringDeserializer(), new CloudEventDeserializer())) {
      consumer.subscribe(List.of(topics.events()));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> events.add(r.value()));
                return events.stream()
                    .anyMatch(
                        e ->
                            buildId.equals(e.buildid())
                                && (e.type().equals(EventTypes.STEP_SUCCEEDED)
                                    || e.type().equals(EventTypes.STEP_FAILED)));
              });
    }

    CloudEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(EventTypes.STEP_SUCCEEDED);
    assertThat(Envelopes.dataAs(last, StepSucceeded.class).outcome())
        .isEqualTo(StepSucceeded.Outcome.CREATED);
    assertThat(events).anyMatch(e -> e.type().equals(EventTypes.STEP_PROGRESS));
    assertThat(simulator.operations().get("900")).containsEntry("lxc.create", 1);
    for (CloudEvent event : events) {
      assertThat(new String(Envelopes.write(event), java.nio.charset.StandardCharsets.UTF_8))
          .doesNotContain(secret);
    }
    assertThat(output.getAll()).contains("900").doesNotContain(secret);
  }
}
