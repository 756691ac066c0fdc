package io.phoenix.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code phoenix replay --file} over recorded builds: no Kafka involved. */
class ReplayCommandTest {

  static final Path FIXTURES = Path.of("src/test/resources/replay");

  record Run(int exitCode, String out, String err) {}

  static Run replay(String... args) {
    CommandLine cli = new CommandLine(new ReplayCommand());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static String fixture(String name) {
    return FIXTURES.resolve(name + ".jsonl").toString();
  }

  /** The table row of {@code step}, split into its columns. */
  static List<String> row(String out, String step) {
    for (String line : out.split("\n")) {
      if (line.startsWith(step + " ")) {
        return List.of(line.trim().split("\\s{2,}"));
      }
    }
    throw new AssertionError("no row for " + step + " in\n" + out);
  }

  @Test
  void timelineShowsEveryStepWithInstanceAttemptsTimesAndOutcome() {
    Run run = replay("--file", fixture("seed-build"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("build b-20261126-0001").contains("result: succeeded after");
    // 900/create: dispatched at acceptance, answered after 42 s by the proxmox agent.
    assertThat(row(run.out(), "900/create"))
        .containsExactly(
            "900/create",
            "succeeded",
            "proxmox-agent/host-2/4711",
            "1",
            "+0.0s",
            "+42.0s",
            "42.0s",
            "created");
    assertThat(row(run.out(), "103/provisioner")).contains("pki-agent/host-3/815", "+1.0s");
  }

  @Test
  void criticalPathTakenFollowsTheLatestFinishingDependencies() {
    Run run = replay("--file", fixture("seed-build"), "--json");

    JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build().readTree(run.out());
    List<String> taken = strings(report.get("criticalPath").get("taken"));
    // 101/start waits for pin-root (after the CA chain), not for its own clone.
    assertThat(taken)
        .containsExactly(
            "900/create",
            "900/template",
            "103/clone",
            "103/feature/step_ca",
            "103/pin-root",
            "101/start");
    assertThat(strings(report.get("criticalPath").get("planned"))).isEqualTo(taken);
    assertThat(report.get("steps")).hasSize(8);
    assertThat(report.get("result").asString()).isEqualTo("succeeded");
  }

  @Test
  void failedBuildNamesTheRootCauseWithItsErrorAndWhatItBlocked() {
    Run run = replay("--file", fixture("failed-build"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("result: failed")
        .contains("root cause: 103/feature/step_ca")
        .contains("EXEC_FAILED: step ca init exited 1")
        .contains("open /etc/step-ca/secrets/password: no such file or directory")
        .contains("blocked (2): 103/pin-root, 101/start");
    assertThat(row(run.out(), "103/pin-root")).contains("pending");
  }

  @Test
  void failedBuildAsJsonCarriesRootCauseAndBlocked() {
    Run run = replay("--file", fixture("failed-build"), "--json");

    JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build().readTree(run.out());
    assertThat(report.get("rootCause").get("step").asString()).isEqualTo("103/feature/step_ca");
    assertThat(report.get("rootCause").get("error").asString()).startsWith("EXEC_FAILED");
    assertThat(strings(report.get("blocked"))).containsExactly("103/pin-root", "101/start");
  }

  @Test
  void atAnOffsetShowsTheStateAtThatMoment() {
    // At +50s: 900/create (42 s) is done, 900/template (6 s from +42s) too, the clones run.
    Run run = replay("--file", fixture("seed-build"), "--at", "+50s");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("state at 2026-11-26T09:00:50Z (+50.0s): running");
    assertThat(row(run.out(), "900/template")).contains("succeeded");
    assertThat(row(run.out(), "103/clone").get(1)).isEqualTo("running");
    assertThat(row(run.out(), "101/start").get(1)).isEqualTo("pending");
  }

  @Test
  void atAnInstantIsTheSameAsTheOffset() {
    Run byOffset = replay("--file", fixture("seed-build"), "--at", "+50s");
    Run byInstant = replay("--file", fixture("seed-build"), "--at", "2026-11-26T09:00:50Z");

    assertThat(byInstant.out()).isEqualTo(byOffset.out());
  }

  @Test
  void cancelledBuildShowsWhyAndWhatNeverRan() {
    Run run = replay("--file", fixture("cancel"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("result: cancelled").contains("cancelled: operator asked");
    assertThat(row(run.out(), "101/start").get(1)).isEqualTo("pending");
  }

  @Test
  void atBeforeAcceptanceIsExplained() {
    Run run = replay("--file", fixture("seed-build"), "--at", "2026-11-26T08:00:00Z");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("is before build b-20261126-0001 was accepted");
  }

  @Test
  void atThatIsNotAMomentIsExplained() {
    Run run = replay("--file", fixture("seed-build"), "--at", "yesterday");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--at 'yesterday' is not a moment").contains("+90s");
  }

  @Test
  void verifyFindsNoDivergenceInRecordedBuilds() {
    for (String name : List.of("seed-build", "failed-build", "reference-build", "cancel")) {
      Run run = replay("--file", fixture(name), "--verify");

      assertThat(run.exitCode()).as(name + "\n" + run.out() + run.err()).isZero();
      assertThat(run.out())
          .contains("settings: orchestrator defaults")
          .contains("no divergence")
          .doesNotContain("no divergence: 0 ");
    }
  }

  @Test
  void verifyUsesTheGivenSettingsForABuildWithDeadlinesRetriesAndAnOperatorRetry() {
    // Recorded by the orchestrator's own tests with 30 s start deadlines and 2 s backoff.
    String[] settings = {
      "--max-per-node", "10", "--start-timeout", "30s", "--finish-timeout", "5m",
      "--heartbeat-timeout", "20s", "--backoff", "2s", "--max-backoff", "30s"
    };
    List<String> args = new ArrayList<>(List.of("--file", fixture("deadline-then-retry")));
    args.add("--verify");
    args.addAll(List.of(settings));

    Run withSettings = replay(args.toArray(String[]::new));
    Run withDefaults = replay("--file", fixture("deadline-then-retry"), "--verify");

    assertThat(withSettings.exitCode()).as(withSettings.out()).isZero();
    assertThat(withSettings.out()).contains("given settings").contains("no divergence");
    // With the default 1 min start deadline the lost first attempt times out later.
    assertThat(withDefaults.exitCode()).isEqualTo(1);
    assertThat(withDefaults.out()).contains("divergence");
  }

  @Test
  void verifyReportsADeliberatelyAlteredLog(@TempDir Path dir) throws IOException {
    // The recorded orchestrator dispatched 101/start's first attempt as attempt 2.
    List<String> lines = Files.readAllLines(Path.of(fixture("seed-build")));
    List<String> altered = new ArrayList<>();
    int changed = 0;
    for (String line : lines) {
      if (line.contains("\"phoenix.step.dispatched\"") && line.contains("\"101/start\"")) {
        line = line.replace("\"attempt\":1", "\"attempt\":2");
        changed++;
      }
      altered.add(line);
    }
    assertThat(changed).isEqualTo(1);
    Path file = dir.resolve("altered.jsonl");
    Files.write(file, altered, StandardCharsets.UTF_8);

    Run run = replay("--file", file.toString(), "--verify");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("1 divergence(s)")
        .contains(
            "the log has phoenix.step.dispatched 101/start attempt 2; today's saga decides"
                + " phoenix.step.dispatched 101/start attempt 1");
  }

  @Test
  void verifyReportsADecisionTheLogLacks(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(fixture("failed-build"))));
    assertThat(lines.removeIf(l -> l.contains("\"phoenix.build.failed\""))).isTrue();
    Path file = dir.resolve("truncated.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);

    Run run = replay("--file", file.toString(), "--verify", "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build().readTree(run.out());
    assertThat(report.get("verify").get("divergences").toString()).contains("phoenix.build.failed");
  }

  @Test
  void verifyTakesDecisionsOfAnotherOrchestratorInstanceAsDecisions(@TempDir Path dir)
      throws IOException {
    // After a rebalance a second instance continues the build: its events are still decisions.
    List<String> lines = Files.readAllLines(Path.of(fixture("seed-build")));
    List<String> handedOver = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      handedOver.add(
          i > lines.size() / 2
              ? line.replace(
                  "/phoenix/orchestrator/orchestrator-1", "/phoenix/orchestrator/orchestrator-2")
              : line);
    }
    assertThat(handedOver).isNotEqualTo(lines);
    Path file = dir.resolve("handed-over.jsonl");
    Files.write(file, handedOver, StandardCharsets.UTF_8);

    Run run = replay("--file", file.toString(), "--verify");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).contains("no divergence");
  }

  @Test
  void aLineThatIsNotACloudEventIsNamed(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(fixture("seed-build"))));
    lines.set(2, "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\"}");
    Path file = dir.resolve("broken.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);

    Run run = replay("--file", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("broken.jsonl line 3 is not a Phoenix CloudEvent")
        .contains("'type'")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aLineThatIsNotJsonIsNamed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("text.jsonl");
    Files.writeString(file, Files.readString(Path.of(fixture("seed-build"))) + "hello\n");

    Run run = replay("--file", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("text.jsonl line 35 is not a Phoenix CloudEvent: record is not JSON");
  }

  @Test
  void anUnreadableFileIsExplained(@TempDir Path dir) {
    Run run = replay("--file", dir.resolve("missing.jsonl").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("cannot read")
        .contains("missing.jsonl")
        .contains("no such file");
  }

  @Test
  void anUnknownBuildInTheFileIsNamed() {
    Run run = replay("b-nope", "--file", fixture("seed-build"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no build b-nope in").contains("b-20261126-0001");
  }

  @Test
  void withoutBuildOrFileItSaysWhatToGive() {
    Run run = replay();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("name a build").contains("--file");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asString()));
    return values;
  }
}
