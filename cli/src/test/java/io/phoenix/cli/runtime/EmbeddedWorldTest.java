package io.phoenix.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded world as an outside client sees it: plain Kafka clients and plain JSON strings, no
 * Phoenix code on the client side.
 */
class EmbeddedWorldTest {

  @TempDir static Path dir;
  private static EmbeddedWorld world;
  private static final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void start() {
    world =
        EmbeddedWorld.start(
            new EmbeddedWorld.Options(
                dir.resolve("kafka"),
                0,
                0,
                EnumSet.of(Services.ORCHESTRATOR),
                dir.resolve("world.properties"),
                SimulatedHost.DEFAULT_SPEED));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void printsEveryAddressAndWritesAWorldFileOthersCanJoin() {
    assertThat(world.addresses()).containsKeys("kafka", "orchestrator", "proxmox", "ca");
    assertThat(world.addresses().get("proxmox")).startsWith("https://127.0.0.1:");
    Map<String, String> file = WorldFile.read(dir.resolve("world.properties"));
    assertThat(file)
        .containsEntry(WorldFile.KAFKA, world.kafkaBootstrap())
        .containsKeys("phoenix.proxmox.url", "phoenix.proxmox.token-secret-file");
    assertThat(file.values()).noneMatch(v -> v.contains(world.host().pve().apiToken()));
  }

  @Test
  void plainClientGetsAcceptedForAGoodRequestAndReasonsForBadOnes() {
    String good = "good-" + UUID.randomUUID();
    String noGuests = "noguests-" + UUID.randomUUID();
    String unknown = "unknown-" + UUID.randomUUID();
    send(null, "this is { not json");
    send(noGuests, "{\"requestId\":\"" + noGuests + "\",\"action\":\"create\"}");
    send(unknown, "{\"requestId\":\"" + unknown + "\",\"guests\":[4242],\"dryRun\":true}");
    send(good, "{\"requestId\":\"" + good + "\",\"guests\":[900],\"dryRun\":true}");

    List<JsonNode> answers = readAnswers(Set.of(good, noGuests, unknown));

    JsonNode accepted = answer(answers, good);
    assertThat(accepted.get("type").asString())
        .as("answer %s", accepted)
        .isEqualTo("phoenix.build.accepted");
    JsonNode missing = answer(answers, noGuests);
    assertThat(missing.get("type").asString()).isEqualTo("phoenix.build.rejected");
    assertThat(missing.get("data").get("reason").asString()).contains("guests");
    JsonNode notThere = answer(answers, unknown);
    assertThat(notThere.get("type").asString()).isEqualTo("phoenix.build.rejected");
    assertThat(notThere.get("data").get("reason").asString()).contains("4242");
    assertThat(answers)
        .anySatisfy(
            a -> assertThat(a.get("data").get("reason").asString("")).containsIgnoringCase("json"));
  }

  private static JsonNode answer(List<JsonNode> answers, String requestId) {
    return answers.stream()
        .filter(a -> requestId.equals(a.get("data").get("requestId").asString("")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no answer to " + requestId));
  }

  private static void send(String key, String value) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", world.kafkaBootstrap()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("phoenix.build.requests", key, value));
    }
  }

  /** Accepted/rejected events for the ids, and rejections without a request id. */
  private static List<JsonNode> readAnswers(Set<String> requestIds) {
    List<JsonNode> answers = new ArrayList<>();
    Set<String> answered = new java.util.HashSet<>();
    boolean anonymousRejection = false;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                world.kafkaBootstrap(),
                "group.id",
                "plain-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of("phoenix.events"));
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while ((!answered.containsAll(requestIds) || !anonymousRejection)
          && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
          JsonNode event = json.readTree(r.value().getBytes(StandardCharsets.UTF_8));
          String type = event.get("type").asString();
          if (!type.equals("phoenix.build.accepted") && !type.equals("phoenix.build.rejected")) {
            continue;
          }
          answers.add(event);
          JsonNode id = event.get("data").get("requestId");
          if (id != null && !id.isNull()) {
            answered.add(id.asString());
          } else if (type.equals("phoenix.build.rejected")) {
            anonymousRejection = true;
          }
        }
      }
    }
    return answers;
  }
}
