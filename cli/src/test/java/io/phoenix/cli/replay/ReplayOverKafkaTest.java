package io.phoenix.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.testing.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code phoenix export} and {@code phoenix replay} against a real broker: a recorded build (and
 * another build's events around it) written to a fresh {@code <prefix>.events} topic.
 */
class ReplayOverKafkaTest {

  static final String PREFIX = "replay-" + UUID.randomUUID().toString().substring(0, 8);
  static final String FAILED = "b-20261126-0002";
  static String kafka;
  static List<String> failedLines;

  @BeforeAll
  static void writeTwoBuildsToTheEventsTopic() throws Exception {
    kafka = TestKafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      admin
          .createTopics(List.of(new NewTopic(PREFIX + ".events", 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    failedLines = Files.readAllLines(ReplayCommandTest.FIXTURES.resolve("failed-build.jsonl"));
    List<String> other = Files.readAllLines(ReplayCommandTest.FIXTURES.resolve("seed-build.jsonl"));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      // Interleave the two builds as a busy log would hold them; each keeps its own order.
      for (int i = 0; i < Math.max(failedLines.size(), other.size()); i++) {
        for (List<String> lines : List.of(failedLines, other)) {
          if (i < lines.size()) {
            byte[] value = lines.get(i).getBytes(StandardCharsets.UTF_8);
            CloudEvent event = Envelopes.read(value);
            ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(PREFIX + ".events", event.buildid(), value);
            record.headers().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes());
            producer.send(record);
          }
        }
      }
      // A third build whose one event has data that does not fit its type.
      producer.send(
          new ProducerRecord<>(
              PREFIX + ".events",
              "b-bad",
              ("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"service-agent/h/1\","
                      + "\"type\":\"phoenix.step.failed\",\"time\":\"2026-11-26T09:00:00Z\","
                      + "\"buildid\":\"b-bad\",\"stepid\":\"101/start\",\"attempt\":1,"
                      + "\"data\":{\"reason\":\"X\",\"retryable\":\"maybe\"}}")
                  .getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(Object command, String... args) {
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static String[] connection(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--kafka",
            kafka,
            "--topic-prefix",
            PREFIX,
            "--world",
            "/nonexistent/world.properties"));
    return all.toArray(String[]::new);
  }

  @Test
  void exportWritesTheBuildsEventsInLogOrderAndReplayReadsTheFileOffline(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("export.jsonl");

    Run export = run(new ExportCommand(), connection(FAILED, "--output", file.toString()));

    assertThat(export.exitCode()).as(export.err()).isZero();
    List<String> exported = Files.readAllLines(file);
    assertThat(exported).hasSameSizeAs(failedLines);
    for (int i = 0; i < exported.size(); i++) {
      assertThat(tree(exported.get(i))).as("line %d", i + 1).isEqualTo(tree(failedLines.get(i)));
    }

    Run offline = run(new ReplayCommand(), "--file", file.toString(), "--verify");
    assertThat(offline.exitCode()).as(offline.out() + offline.err()).isZero();
    assertThat(offline.out()).contains("root cause: 103/feature/step_ca").contains("no divergence");
  }

  @Test
  void exportWithoutAFileWritesToStandardOutput() {
    Run export = run(new ExportCommand(), connection(FAILED));

    assertThat(export.exitCode()).as(export.err()).isZero();
    List<String> lines = export.out().lines().toList();
    assertThat(lines).hasSameSizeAs(failedLines);
    assertThat(tree(lines.get(0))).isEqualTo(tree(failedLines.get(0)));
  }

  @Test
  void replayReadsTheBuildFromKafkaAndVerifiesIt() {
    Run replay = run(new ReplayCommand(), connection(FAILED, "--verify"));

    assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out())
        .contains("build " + FAILED)
        .contains("root cause: 103/feature/step_ca")
        .contains("blocked (2): 103/pin-root, 101/start")
        .contains("no divergence")
        .doesNotContain("b-20261126-0001");
  }

  @Test
  void anUnknownBuildIsNamedWithTheTopic() {
    Run replay = run(new ReplayCommand(), connection("b-unknown"));
    Run export = run(new ExportCommand(), connection("b-unknown"));

    for (Run r : List.of(replay, export)) {
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .contains("no build b-unknown in " + PREFIX + ".events")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void anEventWhoseDataDoesNotFitItsTypeIsAClearError() {
    Run replay = run(new ReplayCommand(), connection("b-bad"));

    assertThat(replay.exitCode()).isEqualTo(1);
    assertThat(replay.err())
        .contains("cannot be read")
        .contains("phoenix.step.failed data is not a valid StepFailed")
        .doesNotContain("\tat ");
  }

  private static JsonNode tree(String json) {
    return Envelopes.json().readTree(json);
  }
}
