package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepHeartbeat;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The builds recorded as replay fixtures, each driven by {@link FakeWorld}. */
final class ReplayScenarios {

  static final List<String> NAMES =
      List.of("reference-build", "deadline-then-retry", "cancel", "dry-run");

  private ReplayScenarios() {}

  static FakeWorld world(String name) {
    Saga saga = SagaFixtures.saga();
    return switch (name) {
      case "reference-build" ->
          new FakeWorld(saga, c -> normal(c, Outcome.CREATED, 5))
              .input(SagaFixtures.accepted(SagaFixtures.referencePlan(), false));
      case "deadline-then-retry" ->
          new FakeWorld(saga, ReplayScenarios::flakyCreate)
              .input(SagaFixtures.accepted(SagaFixtures.referencePlan(), false))
              .operator("retry", null, SagaFixtures.at(300));
      case "cancel" ->
          new FakeWorld(saga, c -> normal(c, Outcome.CREATED, 20))
              .input(SagaFixtures.accepted(SagaFixtures.referencePlan(), false))
              .operator("cancel", "operator asked", SagaFixtures.at(30));
      case "dry-run" ->
          new FakeWorld(saga, ReplayScenarios::observing)
              .input(SagaFixtures.accepted(SagaFixtures.referencePlan(), true));
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static List<FakeWorld.Answer> normal(CloudEvent command, Outcome outcome, int seconds) {
    return List.of(
        answer(1, new StepStarted("agent-1")),
        answer(seconds / 2, new StepHeartbeat("agent-1")),
        answer(seconds, new StepSucceeded(outcome, List.of(), outputs(command), seconds * 1000L)));
  }

  /** 900/create: the first attempt is lost, the second fails for good, the third works. */
  private static List<FakeWorld.Answer> flakyCreate(CloudEvent command) {
    if (!"900/create".equals(command.stepid())) {
      return normal(command, Outcome.CREATED, 5);
    }
    return switch (command.attempt()) {
      case 1 -> List.of();
      case 2 ->
          List.of(
              answer(1, new StepStarted("agent-1")),
              answer(
                  2,
                  new StepFailed("EXEC_FAILED", "template download failed: 404", false, Map.of())));
      default -> normal(command, Outcome.NOOP, 3);
    };
  }

  private static List<FakeWorld.Answer> observing(CloudEvent command) {
    String action = command.type().substring(command.type().lastIndexOf('.') + 1);
    return switch (action) {
      case "create", "clone" -> normal(command, Outcome.WOULD_CREATE, 2);
      case "template" ->
          List.of(
              answer(
                  2,
                  new StepSucceeded(
                      Outcome.WOULD_UPDATE, List.of("template: 0 -> 1"), Map.of(), 2000)));
      default -> List.of(answer(2, new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), 2000)));
    };
  }

  private static Map<String, String> outputs(CloudEvent command) {
    return switch (command.stepid()) {
      case "103/provisioner" ->
          Map.of(
              "provisionerJwk", "{\"kty\":\"EC\",\"crv\":\"P-256\"}", "provisionerName", "phoenix");
      case "103/feature/step_ca", "103/pin-root" ->
          Map.of(
              "rootCertificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
              "rootFingerprint", "ab12");
      default -> Map.of();
    };
  }

  private static FakeWorld.Answer answer(int seconds, EventData data) {
    return new FakeWorld.Answer(Duration.ofSeconds(seconds), data);
  }
}
