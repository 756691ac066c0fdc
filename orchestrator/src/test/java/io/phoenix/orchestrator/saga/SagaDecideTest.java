package io.phoenix.orchestrator.saga;

import static io.phoenix.orchestrator.saga.SagaFixtures.BUILD;
import static io.phoenix.orchestrator.saga.SagaFixtures.T0;
import static io.phoenix.orchestrator.saga.SagaFixtures.accepted;
import static io.phoenix.orchestrator.saga.SagaFixtures.at;
import static io.phoenix.orchestrator.saga.SagaFixtures.failed;
import static io.phoenix.orchestrator.saga.SagaFixtures.heartbeat;
import static io.phoenix.orchestrator.saga.SagaFixtures.plan;
import static io.phoenix.orchestrator.saga.SagaFixtures.referencePlan;
import static io.phoenix.orchestrator.saga.SagaFixtures.started;
import static io.phoenix.orchestrator.saga.SagaFixtures.step;
import static io.phoenix.orchestrator.saga.SagaFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.BuildCancelled;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.BuildSucceeded;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepDispatched;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.orchestrator.planning.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SagaDecideTest {

  private Saga saga = SagaFixtures.saga();
  private BuildState state;

  private Decision decide(SagaInput input, Instant now) {
    Decision decision = saga.decide(state, input, now);
    state = decision.state();
    return decision;
  }

  private Decision on(CloudEvent event) {
    return decide(new SagaInput.Received(event), event.time());
  }

  private Decision tick(Instant now) {
    return decide(new SagaInput.Tick(), now);
  }

  private static List<String> dispatched(Decision decision) {
    return decision.commands().stream().map(c -> c.stepid() + "#" + c.attempt()).toList();
  }

  private static List<String> eventTypes(Decision decision) {
    return decision.events().stream().map(CloudEvent::type).toList();
  }

  /** Runs 900/create and 900/template, which every clone waits for. */
  private void templateReady() {
    on(accepted(referencePlan(), false));
    on(started("900/create", 1, at(1)));
    on(succeeded("900/create", 1, at(2)));
    on(succeeded("900/template", 1, at(3)));
  }

  @Test
  void acceptedDispatchesEveryStepWithoutDependenciesAtOnce() {
    Decision decision = on(accepted(referencePlan(), false));

    assertThat(dispatched(decision)).containsExactlyInAnyOrder("900/create#1", "103/provisioner#1");
    assertThat(state.status()).isEqualTo(BuildStatus.RUNNING);
    assertThat(state.step("900/create").status()).isEqualTo(StepStatus.DISPATCHED);
    assertThat(state.step("103/clone").status()).isEqualTo(StepStatus.PENDING);
  }

  @Test
  void commandsGoToTheAgentTopicKeyedByGuestAndEachHasADispatchedEvent() {
    Decision decision = on(accepted(referencePlan(), false));

    Outbound command =
        decision.records().stream()
            .filter(r -> r.record().type().equals("phoenix.command.pki.provisioner"))
            .findFirst()
            .orElseThrow();
    assertThat(command.topic()).isEqualTo("phoenix.commands.pki");
    assertThat(command.key()).isEqualTo("103");
    assertThat(command.record().buildid()).isEqualTo(BUILD);
    assertThat(command.record().attempt()).isEqualTo(1);
    StepCommand data = Envelopes.dataAs(command.record(), StepCommand.class);
    assertThat(data.guest()).isEqualTo(103);
    assertThat(data.action()).isEqualTo("provisioner");
    assertThat(data.dryRun()).isFalse();

    CloudEvent dispatched =
        decision.events().stream()
            .filter(e -> "103/provisioner".equals(e.stepid()))
            .findFirst()
            .orElseThrow();
    StepDispatched d = Envelopes.dataAs(dispatched, StepDispatched.class);
    assertThat(d.commandId()).isEqualTo(command.record().id());
    assertThat(d.commandType()).isEqualTo("phoenix.command.pki.provisioner");
    assertThat(d.startBy()).isEqualTo(T0.plusSeconds(30));
    assertThat(d.finishBy()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(decision.records().stream().filter(r -> r.record() == dispatched).findFirst())
        .get()
        .satisfies(r -> assertThat(r.topic()).isEqualTo("phoenix.events"))
        .satisfies(r -> assertThat(r.key()).isEqualTo(BUILD));
  }

  @Test
  void aStepIsDispatchedOnlyWhenAllItsDependenciesSucceeded() {
    on(accepted(referencePlan(), false));
    assertThat(dispatched(on(succeeded("900/create", 1, at(2))))).containsExactly("900/template#1");
    assertThat(dispatched(on(succeeded("103/provisioner", 1, at(3))))).isEmpty();
  }

  @Test
  void stepsHoldingTheSameLockAreNeverDispatchedTogether() {
    templateReady();
    assertThat(state.step("103/clone").status()).isEqualTo(StepStatus.DISPATCHED);
    assertThat(state.step("101/clone").status()).isEqualTo(StepStatus.PENDING);

    Decision afterFirstClone = on(succeeded("103/clone", 1, at(10)));

    assertThat(dispatched(afterFirstClone)).contains("101/clone#1");
  }

  @Test
  void theGlobalLimitCapsStepsInFlight() {
    saga = new Saga(SagaFixtures.settings(2, 10));
    Plan wide =
        plan(
            List.of(
                step("1/create", Agent.PROXMOX),
                step("2/create", Agent.PROXMOX),
                step("3/create", Agent.PROXMOX)));
    assertThat(dispatched(on(accepted(wide, false)))).containsExactly("1/create#1", "2/create#1");
    assertThat(dispatched(on(succeeded("1/create", 1, at(5))))).containsExactly("3/create#1");
  }

  @Test
  void thePerNodeLimitCapsStepsInFlightOnOneNode() {
    saga = new Saga(SagaFixtures.settings(10, 1));
    Plan wide = plan(List.of(step("1/create", Agent.PROXMOX), step("2/create", Agent.PROXMOX)));
    assertThat(dispatched(on(accepted(wide, false)))).containsExactly("1/create#1");
    assertThat(dispatched(on(succeeded("1/create", 1, at(5))))).containsExactly("2/create#1");
  }

  @Test
  void inputsAreResolvedFromOutputsOfEarlierSteps() {
    templateReady();
    on(succeeded("103/clone", 1, at(10)));
    Decision decision =
        on(succeeded("103/provisioner", 1, at(11), Map.of("provisionerJwk", "{\"kty\":\"EC\"}")));

    CloudEvent command = decision.commands().get(0);
    assertThat(command.stepid()).isEqualTo("103/feature/step_ca");
    assertThat(Envelopes.dataAs(command, StepCommand.class).inputs())
        .containsExactly(Map.entry("provisionerJwk", "{\"kty\":\"EC\"}"));
  }

  @Test
  void aMissingInputFailsTheStepAtOnceAndTheBuildNamesIt() {
    templateReady();
    on(succeeded("103/clone", 1, at(10)));
    Decision decision = on(succeeded("103/provisioner", 1, at(11)));

    assertThat(decision.commands()).isEmpty();
    assertThat(eventTypes(decision))
        .containsExactly(EventTypes.STEP_FAILED, EventTypes.BUILD_FAILED);
    assertThat(Envelopes.dataAs(decision.events().get(0), StepFailed.class).reason())
        .isEqualTo("MISSING_INPUT");
    BuildFailed failed = Envelopes.dataAs(decision.events().get(1), BuildFailed.class);
    assertThat(failed.failedStep()).isEqualTo("103/feature/step_ca");
    assertThat(failed.reason()).contains("provisionerJwk");
  }

  @Test
  void startedAndHeartbeatsMarkTheStepRunning() {
    on(accepted(referencePlan(), false));
    assertThat(eventTypes(on(started("900/create", 1, at(1))))).isEmpty();
    assertThat(state.step("900/create").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(state.step("900/create").instance()).isEqualTo("agent-1");
    on(heartbeat("103/provisioner", 1, at(2)));
    assertThat(state.step("103/provisioner").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(state.step("103/provisioner").lastSignalAt()).isEqualTo(at(2));
  }

  @Test
  void aMissedStartDeadlineFailsTheAttemptAndRetriesAfterBackoff() {
    on(accepted(referencePlan(), false));
    assertThat(tick(at(29)).records()).isEmpty();

    Decision missed = tick(at(30));

    assertThat(eventTypes(missed)).containsOnly(EventTypes.STEP_FAILED);
    StepFailed failure = Envelopes.dataAs(missed.events().get(0), StepFailed.class);
    assertThat(failure.reason()).isEqualTo("DEADLINE");
    assertThat(failure.details()).containsEntry("deadline", "start");
    StepState create = state.step("900/create");
    assertThat(create.status()).isEqualTo(StepStatus.RETRY_WAIT);
    Instant retryAt = create.retryAt();
    assertThat(retryAt).isBetween(at(31), at(32));
    assertThat(saga.nextWakeUp(state)).contains(retryAt);

    assertThat(tick(retryAt.minusMillis(1)).records()).isEmpty();
    assertThat(dispatched(tick(retryAt))).contains("900/create#2");
  }

  @Test
  void heartbeatSilenceFailsTheAttempt() {
    on(accepted(referencePlan(), false));
    on(started("900/create", 1, at(1)));
    on(started("103/provisioner", 1, at(1)));
    on(heartbeat("900/create", 1, at(15)));
    on(heartbeat("103/provisioner", 1, at(30)));
    assertThat(tick(at(34)).records()).isEmpty();

    Decision silent = tick(at(35));

    assertThat(Envelopes.dataAs(silent.events().get(0), StepFailed.class).details())
        .containsEntry("deadline", "heartbeat");
  }

  @Test
  void aMissedFinishDeadlineFailsTheAttemptEvenWithHeartbeats() {
    on(accepted(referencePlan(), false));
    on(started("900/create", 1, at(1)));
    for (int s = 10; s < 300; s += 10) {
      on(heartbeat("900/create", 1, at(s)));
      on(heartbeat("103/provisioner", 1, at(s)));
    }
    Decision late = tick(at(300));
    assertThat(late.events())
        .filteredOn(e -> "900/create".equals(e.stepid()))
        .extracting(e -> Envelopes.dataAs(e, StepFailed.class).details().get("deadline"))
        .containsExactly("finish");
  }

  @Test
  void aRetryableFailureRetriesUntilTheAttemptLimitThenFailsTheBuild() {
    on(accepted(referencePlan(), false));
    on(failed("900/create", 1, at(1), true));
    dispatchRetry("900/create", 2);
    on(failed("900/create", 2, at(20), true));
    dispatchRetry("900/create", 3);

    on(succeeded("103/provisioner", 1, at(25)));

    Decision last = on(failed("900/create", 3, at(200), true));

    assertThat(eventTypes(last)).containsExactly(EventTypes.BUILD_FAILED);
    BuildFailed failed = Envelopes.dataAs(last.events().get(0), BuildFailed.class);
    assertThat(failed.failedStep()).isEqualTo("900/create");
    assertThat(failed.reason()).isEqualTo("PVE_LOCKED: can't lock file");
    assertThat(failed.blocked())
        .containsExactly(
            "900/template",
            "103/clone",
            "101/clone",
            "103/feature/step_ca",
            "103/pin-root",
            "101/start");
    assertThat(failed.durationMs()).isEqualTo(200_000);
    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
  }

  private void dispatchRetry(String stepId, int attempt) {
    Instant retryAt = state.step(stepId).retryAt();
    assertThat(dispatched(tick(retryAt))).contains(stepId + "#" + attempt);
  }

  @Test
  void aNonRetryableFailureFailsTheBuildAtOnceAndNothingMoreIsDispatched() {
    on(accepted(referencePlan(), false));
    Decision decision = on(failed("900/create", 1, at(1), false));

    assertThat(eventTypes(decision)).containsExactly(EventTypes.BUILD_FAILED);
    assertThat(dispatched(on(succeeded("103/provisioner", 1, at(2))))).isEmpty();
    assertThat(state.step("103/provisioner").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(tick(at(1000)).records()).isEmpty();
  }

  @Test
  void aLateSuccessOfAnEarlierAttemptCountsAndItsStaleFailureIsIgnored() {
    on(
        accepted(
            plan(
                List.of(
                    step("1/create", Agent.PROXMOX), step("1/start", Agent.PROXMOX, "1/create"))),
            false));
    tick(at(30));
    dispatchRetry("1/create", 2);
    assertThat(on(failed("1/create", 1, at(40), false)).records()).isEmpty();
    assertThat(state.step("1/create").status()).isEqualTo(StepStatus.DISPATCHED);

    Decision late = on(succeeded("1/create", 1, at(41)));

    assertThat(state.step("1/create").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(dispatched(late)).containsExactly("1/start#1");
  }

  @Test
  void whenEveryStepSucceededTheBuildSucceedsWithOutcomeCounts() {
    Plan two =
        plan(List.of(step("1/create", Agent.PROXMOX), step("1/start", Agent.PROXMOX, "1/create")));
    on(accepted(two, false));
    on(succeeded("1/create", 1, at(5)));
    Decision done = on(succeeded("1/start", 1, at(9)));

    assertThat(eventTypes(done)).containsExactly(EventTypes.BUILD_SUCCEEDED);
    BuildSucceeded data = Envelopes.dataAs(done.events().get(0), BuildSucceeded.class);
    assertThat(data.durationMs()).isEqualTo(9000);
    assertThat(data.outcomes()).containsExactly(Map.entry("created", 2));
    assertThat(state.status()).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(tick(at(100)).records()).isEmpty();
  }

  @Test
  void anEmptyPlanSucceedsAtOnce() {
    Decision decision = on(accepted(plan(List.of()), false));
    assertThat(eventTypes(decision)).containsExactly(EventTypes.BUILD_SUCCEEDED);
  }

  @Test
  void cancelStopsDispatchingAndEndsTheBuildCancelledWhileRunningStepsFinish() {
    on(accepted(referencePlan(), false));
    Decision cancel = decide(new SagaInput.Cancel("requested through the API"), at(5));

    assertThat(eventTypes(cancel)).containsExactly(EventTypes.BUILD_CANCELLED);
    BuildCancelled data = Envelopes.dataAs(cancel.events().get(0), BuildCancelled.class);
    assertThat(data.reason()).isEqualTo("requested through the API");
    assertThat(data.notRun()).doesNotContain("900/create", "103/provisioner").contains("101/start");
    assertThat(state.status()).isEqualTo(BuildStatus.CANCELLED);

    assertThat(on(succeeded("900/create", 1, at(6))).records()).isEmpty();
    assertThat(state.step("900/create").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(decide(new SagaInput.Cancel("again"), at(7)).records()).isEmpty();
  }

  @Test
  void retryOfAFailedBuildDispatchesItsFailedStepsAsNewAttemptsAndCompletes() {
    Plan two =
        plan(List.of(step("1/create", Agent.PROXMOX), step("1/start", Agent.PROXMOX, "1/create")));
    on(accepted(two, false));
    on(failed("1/create", 1, at(1), false));
    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);

    Decision retry = decide(new SagaInput.Retry(), at(100));

    assertThat(dispatched(retry)).containsExactly("1/create#2");
    assertThat(state.status()).isEqualTo(BuildStatus.RUNNING);
    assertThat(state.round()).isEqualTo(1);
    assertThat(state.failedStep()).isNull();
    on(succeeded("1/create", 2, at(101)));
    assertThat(eventTypes(on(succeeded("1/start", 1, at(102)))))
        .containsExactly(EventTypes.BUILD_SUCCEEDED);
  }

  @Test
  void retryGivesFailedStepsAFreshAttemptBudget() {
    saga =
        new Saga(
            new SagaSettings(
                io.phoenix.common.contract.Topics.defaults(),
                SagaFixtures.SOURCE,
                10,
                10,
                new ActionPolicy(
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(20),
                    1,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)),
                Map.of()));
    Plan one = plan(List.of(step("1/create", Agent.PROXMOX)));
    on(accepted(one, false));
    on(failed("1/create", 1, at(1), true));
    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
    decide(new SagaInput.Retry(), at(10));

    Decision again = on(failed("1/create", 2, at(11), true));

    assertThat(eventTypes(again)).containsExactly(EventTypes.BUILD_FAILED);
    assertThat(state.round()).isEqualTo(1);
  }

  @Test
  void retryAndCancelDoNothingToABuildInTheWrongState() {
    on(accepted(referencePlan(), false));
    assertThat(decide(new SagaInput.Retry(), at(1)).records()).isEmpty();
    decide(new SagaInput.Cancel("stop"), at(2));
    assertThat(decide(new SagaInput.Retry(), at(3)).records()).isEmpty();
  }

  @Test
  void aDryRunMarksCommandsToleratesMissingInputsAndReportsPlanVersusReality() {
    Plan plan =
        plan(
            List.of(
                step("103/provisioner", Agent.PKI),
                step(
                    "103/feature/step_ca",
                    Agent.SERVICE,
                    List.of("103/provisioner"),
                    null,
                    Map.of("provisionerJwk", "103/provisioner#provisionerJwk")),
                step("103/start", Agent.PROXMOX)));
    Decision first = on(accepted(plan, true));
    assertThat(first.commands())
        .allSatisfy(c -> assertThat(Envelopes.dataAs(c, StepCommand.class).dryRun()).isTrue());

    Decision feature =
        on(
            SagaFixtures.agentEvent(
                new StepSucceeded(StepSucceeded.Outcome.WOULD_CREATE, List.of(), Map.of(), 1),
                "103/provisioner",
                1,
                at(1)));
    assertThat(dispatched(feature)).containsExactly("103/feature/step_ca#1");
    assertThat(Envelopes.dataAs(feature.commands().get(0), StepCommand.class).inputs()).isEmpty();
    on(
        SagaFixtures.agentEvent(
            new StepSucceeded(
                StepSucceeded.Outcome.WOULD_UPDATE, List.of("memory: 512 -> 1024"), Map.of(), 1),
            "103/start",
            1,
            at(2)));
    Decision done =
        on(
            SagaFixtures.agentEvent(
                new StepSucceeded(StepSucceeded.Outcome.NOOP, List.of(), Map.of(), 1),
                "103/feature/step_ca",
                1,
                at(3)));

    CloudEvent succeededEvent = done.events().get(0);
    assertThat(succeededEvent.type()).isEqualTo(EventTypes.BUILD_SUCCEEDED);
    assertThat(succeededEvent.data().get("report").toString())
        .isEqualTo(
            "{\"would-create\":[\"103/provisioner\"],"
                + "\"would-update\":{\"103/start\":[\"memory: 512 -> 1024\"]},"
                + "\"noop\":[\"103/feature/step_ca\"]}");
  }

  @Test
  void theSameInputsAlwaysGiveTheSameDecisions() {
    Decision a = saga.decide(null, new SagaInput.Received(accepted(referencePlan(), false)), T0);
    Decision b = saga.decide(null, new SagaInput.Received(accepted(referencePlan(), false)), T0);
    assertThat(a.records()).isEqualTo(b.records());
  }

  @Test
  void decideNeverChangesTheStateItWasGiven() {
    on(accepted(referencePlan(), false));
    BuildState before = state;
    saga.decide(before, new SagaInput.Received(succeeded("900/create", 1, at(2))), at(2));
    assertThat(before.step("900/create").status()).isEqualTo(StepStatus.DISPATCHED);
  }

  @Test
  void eventsOfAnUnknownBuildAndRepeatedEventsChangeNothing() {
    assertThat(saga.decide(null, new SagaInput.Received(succeeded("1/create", 1, at(1))), at(1)))
        .satisfies(d -> assertThat(d.state()).isNull())
        .satisfies(d -> assertThat(d.records()).isEmpty());
    Decision first = on(accepted(referencePlan(), false));
    for (CloudEvent own : first.events()) {
      assertThat(on(own).records()).isEmpty();
    }
    assertThat(on(accepted(referencePlan(), false)).records()).isEmpty();
    assertThat(state.step("900/create").attempt()).isEqualTo(1);
  }

  @Test
  void evolveRebuildsTheSameStateAsTheLiveDecisions() {
    List<CloudEvent> log = new java.util.ArrayList<>();
    Decision d = on(accepted(referencePlan(), false));
    log.add(accepted(referencePlan(), false));
    log.addAll(d.events());
    CloudEvent ok = succeeded("900/create", 1, at(2));
    log.add(ok);
    log.addAll(on(ok).events());

    BuildState rebuilt = null;
    for (CloudEvent e : log) {
      rebuilt = saga.evolve(rebuilt, e);
    }
    assertThat(rebuilt.step("900/template").status()).isEqualTo(StepStatus.DISPATCHED);
    assertThat(saga.decide(rebuilt, new SagaInput.Tick(), at(2)).records()).isEmpty();
  }

  @Test
  void backoffGrowsExponentiallyIsCappedAndItsJitterIsDeterministic() {
    ActionPolicy policy = SagaFixtures.policy();
    Duration first = policy.backoff(BUILD, "1/create", 1);
    Duration third = policy.backoff(BUILD, "1/create", 3);
    Duration tenth = policy.backoff(BUILD, "1/create", 10);
    assertThat(first).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(third).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(tenth).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(policy.backoff(BUILD, "1/create", 3)).isEqualTo(third);
    assertThat(policy.backoff(BUILD, "2/create", 3)).isNotEqualTo(third);
  }
}
