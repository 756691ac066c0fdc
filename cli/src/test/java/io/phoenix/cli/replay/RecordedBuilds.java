package io.phoenix.cli.replay;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepHeartbeat;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Topics;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import io.phoenix.orchestrator.saga.AcceptedEvents;
import io.phoenix.orchestrator.saga.ActionPolicy;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.Decision;
import io.phoenix.orchestrator.saga.Saga;
import io.phoenix.orchestrator.saga.SagaInput;
import io.phoenix.orchestrator.saga.SagaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records the cli's own replay fixtures by driving today's saga (orchestrator defaults) with
 * scripted agents on a virtual clock, exactly as the orchestrator's Kafka loop would write them:
 * {@code seed-build.jsonl} (succeeds) and {@code failed-build.jsonl} (the CA feature fails for
 * good). Re-record on purpose with {@code -Dphoenix.replay.record=true -Dtest=RecordedBuilds}.
 */
class RecordedBuilds {

  static final Path FIXTURES = Path.of("src/test/resources/replay");
  static final String SOURCE = "/phoenix/orchestrator/orchestrator-1";
  static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

  @Test
  @EnabledIfSystemProperty(named = "phoenix.replay.record", matches = "true")
  void record() throws IOException {
    write("seed-build", run("b-20261126-0001", false));
    write("failed-build", run("b-20261126-0002", true));
  }

  private static void write(String name, List<CloudEvent> events) throws IOException {
    StringBuilder text = new StringBuilder();
    for (CloudEvent e : events) {
      text.append(new String(Envelopes.write(e), StandardCharsets.UTF_8)).append('\n');
    }
    Files.writeString(FIXTURES.resolve(name + ".jsonl"), text, StandardCharsets.UTF_8);
  }

  private record Scheduled(Instant at, long seq, CloudEvent event) {}

  /** The events of one build: the saga's decisions and the scripted agents' answers. */
  static List<CloudEvent> run(String buildId, boolean failCa) {
    Saga saga =
        new Saga(
            new SagaSettings(Topics.defaults(), SOURCE, 10, 4, ActionPolicy.defaults(), Map.of()));
    PriorityQueue<Scheduled> queue =
        new PriorityQueue<>(
            (a, b) -> a.at.equals(b.at) ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
    List<CloudEvent> log = new ArrayList<>();
    long[] seq = {0};
    BuildState state = null;
    queue.add(new Scheduled(T0, seq[0]++, accepted(buildId)));
    for (int i = 0; i < 10_000; i++) {
      Optional<Instant> wake = saga.nextWakeUp(state);
      Scheduled next = queue.peek();
      Decision decision;
      if (wake.isPresent() && (next == null || wake.get().isBefore(next.at))) {
        decision = saga.decide(state, new SagaInput.Tick(), wake.get());
      } else if (next != null) {
        queue.poll();
        log.add(next.event);
        decision = saga.decide(state, new SagaInput.Received(next.event), next.at);
      } else {
        return log;
      }
      state = decision.state();
      log.addAll(decision.events());
      for (CloudEvent command : decision.commands()) {
        for (Answer answer : answer(command, failCa)) {
          CloudEvent event =
              Envelopes.event(
                  answer.instance,
                  answer.data,
                  buildId,
                  command.stepid(),
                  command.attempt(),
                  command.time().plus(answer.after));
          queue.add(new Scheduled(event.time(), seq[0]++, event));
        }
      }
    }
    throw new IllegalStateException("the build did not settle");
  }

  private record Answer(Duration after, String instance, EventData data) {}

  private static List<Answer> answer(CloudEvent command, boolean failCa) {
    String step = command.stepid();
    String instance =
        switch (command.type().split("\\.")[2]) {
          case "proxmox" -> "proxmox-agent/host-2/4711";
          case "pki" -> "pki-agent/host-3/815";
          default -> "service-agent/host-4/99";
        };
    long seconds =
        switch (step) {
          case "900/create" -> 42;
          case "900/template" -> 6;
          case "103/clone", "101/clone" -> 18;
          case "103/provisioner" -> 1;
          case "103/feature/step_ca" -> 35;
          case "103/pin-root" -> 2;
          default -> 9;
        };
    Duration after = Duration.ofSeconds(seconds);
    List<Answer> answers = new ArrayList<>();
    answers.add(new Answer(Duration.ofMillis(300), instance, new StepStarted(instance)));
    answers.add(new Answer(after.dividedBy(2), instance, new StepHeartbeat(instance)));
    if (failCa && step.equals("103/feature/step_ca")) {
      answers.add(
          new Answer(
              after,
              instance,
              new StepFailed(
                  "EXEC_FAILED",
                  "step ca init exited 1",
                  false,
                  Map.of(
                      "guest",
                      "103",
                      "feature",
                      "step_ca",
                      "exitCode",
                      "1",
                      "stderrTail",
                      "open /etc/step-ca/secrets/password: no such file or directory"))));
    } else {
      answers.add(
          new Answer(
              after,
              instance,
              new StepSucceeded(
                  StepSucceeded.Outcome.CREATED, List.of(), outputs(step), after.toMillis())));
    }
    return answers;
  }

  private static Map<String, String> outputs(String step) {
    return switch (step) {
      case "103/provisioner" -> Map.of("provisionerJwk", "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
      case "103/feature/step_ca" ->
          Map.of("rootCertificate", "-----BEGIN CERTIFICATE-----", "rootFingerprint", "ab12");
      default -> Map.of();
    };
  }

  private static CloudEvent accepted(String buildId) {
    List<PlannedStep> steps = new ArrayList<>();
    steps.add(step("900/create", Agent.PROXMOX, List.of(), null, 40_000, Map.of()));
    steps.add(step("900/template", Agent.PROXMOX, List.of("900/create"), null, 5_000, Map.of()));
    steps.add(
        step("103/clone", Agent.PROXMOX, List.of("900/template"), "guest:900", 20_000, Map.of()));
    steps.add(
        step("101/clone", Agent.PROXMOX, List.of("900/template"), "guest:900", 20_000, Map.of()));
    steps.add(step("103/provisioner", Agent.PKI, List.of(), null, 1_000, Map.of()));
    steps.add(
        step(
            "103/feature/step_ca",
            Agent.SERVICE,
            List.of("103/clone", "103/provisioner"),
            null,
            30_000,
            Map.of("provisionerJwk", "103/provisioner#provisionerJwk")));
    steps.add(
        step(
            "103/pin-root",
            Agent.PKI,
            List.of("103/feature/step_ca"),
            null,
            2_000,
            Map.of(
                "rootCertificate", "103/feature/step_ca#rootCertificate",
                "rootFingerprint", "103/feature/step_ca#rootFingerprint")));
    steps.add(
        step(
            "101/start",
            Agent.PROXMOX,
            List.of("101/clone", "103/pin-root"),
            null,
            8_000,
            Map.of()));
    Plan plan = new Plan("create", List.of(101), List.of(900, 103), steps, List.of(), 0);
    BuildAccepted data =
        new BuildAccepted(
            "ops-1",
            "create",
            List.of(101),
            false,
            List.of(900, 103),
            steps.stream().map(PlannedStep::id).toList());
    return AcceptedEvents.create(SOURCE, buildId, data, plan, T0);
  }

  private static PlannedStep step(
      String id,
      Agent agent,
      List<String> dependsOn,
      String lock,
      long estimateMs,
      Map<String, String> inputs) {
    String[] parts = id.split("/", 3);
    ObjectNode params = Envelopes.json().createObjectNode();
    params.put("node", "pve");
    return new PlannedStep(
        id,
        Integer.parseInt(parts[0]),
        parts[1],
        parts.length > 2 ? parts[2] : null,
        agent,
        dependsOn,
        lock,
        estimateMs,
        params,
        inputs);
  }
}
