package io.phoenix.orchestrator.saga;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Plans, settings and agent answers for saga tests. */
final class SagaFixtures {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String BUILD = "b-test";
  static final String SOURCE = "/phoenix/orchestrator/test";
  static final String AGENT = "/phoenix/agent/test";

  private SagaFixtures() {}

  static ActionPolicy policy() {
    return new ActionPolicy(
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofSeconds(20),
        3,
        Duration.ofSeconds(2),
        Duration.ofSeconds(30));
  }

  static SagaSettings settings(int maxParallel, int maxPerNode) {
    return new SagaSettings(Topics.defaults(), SOURCE, maxParallel, maxPerNode, policy(), Map.of());
  }

  static Saga saga() {
    return new Saga(settings(10, 10));
  }

  static PlannedStep step(
      String id, Agent agent, List<String> dependsOn, String lock, Map<String, String> inputs) {
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
        1000,
        params,
        inputs);
  }

  static PlannedStep step(String id, Agent agent, String... dependsOn) {
    return step(id, agent, List.of(dependsOn), null, Map.of());
  }

  /**
   * A small build with every kind of edge: a template chain, two clones of it contending for its
   * lock, and the CA bootstrap passing outputs across agents.
   */
  static Plan referencePlan() {
    List<PlannedStep> steps = new ArrayList<>();
    steps.add(step("900/create", Agent.PROXMOX));
    steps.add(step("900/template", Agent.PROXMOX, "900/create"));
    steps.add(step("103/clone", Agent.PROXMOX, List.of("900/template"), "guest:900", Map.of()));
    steps.add(step("101/clone", Agent.PROXMOX, List.of("900/template"), "guest:900", Map.of()));
    steps.add(step("103/provisioner", Agent.PKI));
    steps.add(
        step(
            "103/feature/step_ca",
            Agent.SERVICE,
            List.of("103/clone", "103/provisioner"),
            null,
            Map.of("provisionerJwk", "103/provisioner#provisionerJwk")));
    steps.add(
        step(
            "103/pin-root",
            Agent.PKI,
            List.of("103/feature/step_ca"),
            null,
            Map.of(
                "rootCertificate", "103/feature/step_ca#rootCertificate",
                "rootFingerprint", "103/feature/step_ca#rootFingerprint")));
    steps.add(step("101/start", Agent.PROXMOX, "101/clone", "103/pin-root"));
    return plan(steps);
  }

  static Plan plan(List<PlannedStep> steps) {
    return new Plan("create", List.of(101), List.of(900, 103), steps, List.of(), 0);
  }

  static CloudEvent accepted(Plan plan, boolean dryRun) {
    BuildAccepted data =
        new BuildAccepted(
            "r-1",
            plan.action(),
            plan.requested(),
            dryRun,
            plan.pulledIn(),
            plan.steps().stream().map(PlannedStep::id).toList());
    return AcceptedEvents.create(SOURCE, BUILD, data, plan, T0);
  }

  static CloudEvent agentEvent(EventData data, String stepId, int attempt, Instant at) {
    return Envelopes.event(AGENT, data, BUILD, stepId, attempt, at);
  }

  static CloudEvent started(String stepId, int attempt, Instant at) {
    return agentEvent(new StepStarted("agent-1"), stepId, attempt, at);
  }

  static CloudEvent heartbeat(String stepId, int attempt, Instant at) {
    return agentEvent(new StepHeartbeat("agent-1"), stepId, attempt, at);
  }

  static CloudEvent succeeded(String stepId, int attempt, Instant at, Map<String, String> outputs) {
    return agentEvent(
        new StepSucceeded(StepSucceeded.Outcome.CREATED, List.of(), outputs, 10),
        stepId,
        attempt,
        at);
  }

  static CloudEvent succeeded(String stepId, int attempt, Instant at) {
    return succeeded(stepId, attempt, at, Map.of());
  }

  static CloudEvent failed(String stepId, int attempt, Instant at, boolean retryable) {
    return agentEvent(
        new StepFailed("PVE_LOCKED", "can't lock file", retryable, Map.of()), stepId, attempt, at);
  }

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }
}
