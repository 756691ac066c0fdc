package io.phoenix.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.testing.TestKafka;
import io.phoenix.pki.renewal.RenewalSchedule;
import io.phoenix.pki.renewal.RenewalTrigger;
import io.phoenix.pki.signing.IssuedChains;
import io.phoenix.simulator.ca.StepCaEmulator;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The renewal trigger against a chain really signed by the step-ca emulator and a real broker: it
 * asks for a plain create build of the guest once the certificate passed two-thirds of its
 * lifetime, under an id that names the certificate, so repeated checks are idempotent.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenewalTriggerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> SANS = List.of("nginx.phoenix.lan", "10.0.0.101");

  @TempDir Path temp;
  private StepCaEmulator emulator;
  private DefaultKafkaProducerFactory<String, String> producers;
  private final Topics topics =
      new Topics("t" + UUID.randomUUID().toString().substring(0, 8), 1, 1);

  @BeforeEach
  void createRequestsTopic() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topics.buildRequests(), 1, (short) 1))).all().get();
    }
    producers =
        new DefaultKafkaProducerFactory<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.stop();
    }
    producers.destroy();
  }

  @Test
  void aCertificatePastTwoThirdsOfItsLifetimeGetsOneIdempotentCreateBuildOfItsGuest(
      CapturedOutput output) throws Exception {
    PkiAgentFixture agent = new PkiAgentFixture(temp.resolve("agent"), Clock.systemUTC());
    emulator = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
    emulator.authorizeProvisioner(PkiAgentFixture.PROVISIONER, agent.publicJwk());
    String caUrl = emulator.baseUri().toString();
    agent.pinRoot(caUrl, emulator.rootPem(), emulator.rootFingerprint());
    StepSucceeded signed =
        (StepSucceeded)
            agent.sign(
                caUrl,
                "nginx.phoenix.lan",
                SANS,
                "24h",
                TestCsr.create("nginx.phoenix.lan", SANS).pem());
    X509Certificate leaf = PemCertificates.parse(signed.outputs().get("chain")).get(0);
    Instant notBefore = leaf.getNotBefore().toInstant();
    Duration lifetime = Duration.between(notBefore, leaf.getNotAfter().toInstant());
    // Due at 2/3 (16 h); at 3/4 (18 h) it is 2 h overdue: the third 1 h retry window.
    String expectedId = "renew-101-" + leaf.getSerialNumber().toString(16) + "-3";
    String retryId = "renew-101-" + leaf.getSerialNumber().toString(16) + "-4";

    RenewalTrigger early = trigger(agent, notBefore.plus(lifetime.dividedBy(2)));
    RenewalTrigger late = trigger(agent, notBefore.plus(lifetime.multipliedBy(3).dividedBy(4)));

    assertThat(early.check()).as("before two-thirds nothing is due").isEmpty();
    assertThat(late.check()).containsExactly(expectedId);
    assertThat(late.check())
        .as("a later check in the same window asks again under the same id")
        .containsExactly(expectedId);
    RenewalTrigger retry =
        trigger(agent, notBefore.plus(lifetime.multipliedBy(3).dividedBy(4)).plusSeconds(3600));
    assertThat(retry.check())
        .as("an hour later, still not renewed (the build failed): a new request")
        .containsExactly(retryId);

    List<JsonNode> published = readRequests(3);
    assertThat(published)
        .extracting(request -> request.get("requestId").asString())
        .containsExactly(expectedId, expectedId, retryId);
    assertThat(published)
        .allSatisfy(
            request -> {
              assertThat(request.get("action").asString()).isEqualTo("create");
              assertThat(request.get("guests").size()).isEqualTo(1);
              assertThat(request.get("guests").get(0).asInt()).isEqualTo(101);
              assertThat(request.has("dryRun")).isFalse();
            });
    // 18 h into a 24 h certificate is 2 h past its renewal point: longer than the 1 h threshold.
    assertThat(output)
        .contains("requested renewal build " + expectedId + " for guest 101")
        .contains("certificate 101/nginx (serial ")
        .contains("past its renewal point and not renewed yet")
        .doesNotContain("PRIVATE KEY");
  }

  private RenewalTrigger trigger(PkiAgentFixture agent, Instant now) {
    return new RenewalTrigger(
        new IssuedChains(agent.store),
        RenewalSchedule.defaults(),
        new KafkaTemplate<>(producers),
        topics,
        Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofHours(1));
  }

  /** Every record on the requests topic once {@code expected} arrived (none of them missed). */
  private List<JsonNode> readRequests(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "renewal-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<JsonNode> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topics.buildRequests()));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  records.add(JSON.readTree(record.value()));
                }
                return records.size() >= expected;
              });
    }
    assertThat(records).hasSize(expected);
    return records;
  }
}
