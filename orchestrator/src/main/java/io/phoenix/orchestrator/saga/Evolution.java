package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.BuildCancelled;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.StepDispatched;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepHeartbeat;
import io.phoenix.common.contract.StepProgress;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.orchestrator.planning.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Folds one event into a build's state, in place on a state the caller owns.
 *
 * <p>Every rule tolerates repeats and stragglers (at-least-once agents, a late answer to an attempt
 * that already timed out), so folding a log twice, or out of the order the saga saw it live, gives
 * the same state.
 */
final class Evolution {

  private final SagaSettings settings;

  Evolution(SagaSettings settings) {
    this.settings = settings;
  }

  /** The state after {@code event}; {@code state} (which the caller owns) may be changed. */
  BuildState apply(BuildState state, CloudEvent event) {
    if (EventTypes.BUILD_ACCEPTED.equals(event.type())) {
      return state != null ? state : accepted(event);
    }
    if (state == null) {
      return null;
    }
    Instant at = event.time() != null ? event.time() : state.lastEventAt;
    if (at.isAfter(state.lastEventAt)) {
      state.lastEventAt = at;
    }
    switch (event.type()) {
      case EventTypes.STEP_DISPATCHED -> dispatched(state, event, at);
      case EventTypes.STEP_STARTED -> started(state, event, at);
      case EventTypes.STEP_HEARTBEAT -> signal(state, event, at, null);
      case EventTypes.STEP_PROGRESS ->
          signal(state, event, at, Envelopes.dataAs(event, StepProgress.class));
      case EventTypes.STEP_SUCCEEDED -> succeeded(state, event, at);
      case EventTypes.STEP_FAILED -> failed(state, event, at);
      case EventTypes.BUILD_SUCCEEDED -> ended(state, BuildStatus.SUCCEEDED, at);
      case EventTypes.BUILD_FAILED -> {
        BuildFailed data = Envelopes.dataAs(event, BuildFailed.class);
        ended(state, BuildStatus.FAILED, at);
        state.failedStep = data.failedStep();
        state.failureReason = data.reason();
        state.blocked = data.blocked() == null ? List.of() : List.copyOf(data.blocked());
      }
      case EventTypes.BUILD_CANCELLED -> {
        ended(state, BuildStatus.CANCELLED, at);
        state.cancelReason = Envelopes.dataAs(event, BuildCancelled.class).reason();
      }
      default -> {
        // build.rejected answers a repeated request; it changes nothing in the build.
      }
    }
    return state;
  }

  private static BuildState accepted(CloudEvent event) {
    BuildAccepted data = Envelopes.dataAs(event, BuildAccepted.class);
    Plan plan = AcceptedEvents.plan(event);
    Instant at = event.time() != null ? event.time() : Instant.EPOCH;
    return new BuildState(
        event.buildid(),
        data.requestId(),
        data.action(),
        data.guests() == null ? List.of() : data.guests(),
        data.pulledIn() == null ? List.of() : data.pulledIn(),
        data.dryRun(),
        plan,
        at);
  }

  private static void dispatched(BuildState state, CloudEvent event, Instant at) {
    StepState step = state.steps.get(event.stepid());
    int attempt = attemptOf(event, step);
    if (step == null || attempt <= step.attempt) {
      return;
    }
    if (state.status == BuildStatus.FAILED) {
      reopen(state);
    }
    if (state.status == BuildStatus.ACCEPTED) {
      state.status = BuildStatus.RUNNING;
    }
    StepDispatched data = Envelopes.dataAs(event, StepDispatched.class);
    step.status = StepStatus.DISPATCHED;
    step.attempt = attempt;
    step.dispatchedAt = at;
    step.startBy = data.startBy();
    step.finishBy = data.finishBy();
    step.startedAt = null;
    step.lastSignalAt = null;
    step.endedAt = null;
    step.retryAt = null;
    step.instance = null;
    step.percent = null;
  }

  /** A retry of a failed build: every failed step gets a fresh attempt budget. */
  private static void reopen(BuildState state) {
    state.status = BuildStatus.RUNNING;
    state.endedAt = null;
    state.failedStep = null;
    state.failureReason = null;
    state.blocked = List.of();
    state.round++;
    for (StepState step : state.steps.values()) {
      if (step.status == StepStatus.FAILED || step.status == StepStatus.RETRY_WAIT) {
        step.status = StepStatus.PENDING;
        step.retryAt = null;
        step.attemptBase = step.attempt;
      }
    }
  }

  private static void started(BuildState state, CloudEvent event, Instant at) {
    StepState step = state.steps.get(event.stepid());
    if (step == null || attemptOf(event, step) != step.attempt || !step.status.inFlight()) {
      return;
    }
    step.status = StepStatus.RUNNING;
    if (step.startedAt == null) {
      step.startedAt = at;
    }
    step.lastSignalAt = later(step.lastSignalAt, at);
    step.instance = Envelopes.dataAs(event, StepStarted.class).instance();
  }

  private static void signal(
      BuildState state, CloudEvent event, Instant at, StepProgress progress) {
    StepState step = state.steps.get(event.stepid());
    if (step == null || attemptOf(event, step) != step.attempt || !step.status.inFlight()) {
      return;
    }
    // A heartbeat proves the agent started, even if its started event is still on its way.
    step.status = StepStatus.RUNNING;
    if (step.startedAt == null) {
      step.startedAt = at;
    }
    step.lastSignalAt = later(step.lastSignalAt, at);
    if (progress != null) {
      step.lastMessage = progress.message();
      step.percent = progress.percent();
    } else if (step.instance == null && event.data() != null) {
      step.instance = Envelopes.dataAs(event, StepHeartbeat.class).instance();
    }
  }

  private static void succeeded(BuildState state, CloudEvent event, Instant at) {
    StepState step = state.steps.get(event.stepid());
    if (step == null || step.status == StepStatus.SUCCEEDED) {
      return;
    }
    // Any attempt's success counts: the step's effect exists, even if a later attempt is out.
    StepSucceeded data = Envelopes.dataAs(event, StepSucceeded.class);
    step.status = StepStatus.SUCCEEDED;
    step.endedAt = at;
    step.retryAt = null;
    step.outcome = Envelopes.json().valueToTree(data.outcome()).asString();
    step.changes = data.changes();
    step.outputs = data.outputs();
    step.errorReason = null;
    step.errorMessage = null;
    step.errorDetails = Map.of();
  }

  private void failed(BuildState state, CloudEvent event, Instant at) {
    StepState step = state.steps.get(event.stepid());
    if (step == null) {
      return;
    }
    int attempt = attemptOf(event, step);
    boolean current = attempt == step.attempt && step.status.inFlight();
    // The saga fails a step before dispatching it when an input is missing.
    boolean beforeDispatch =
        attempt == step.attempt + 1
            && (step.status == StepStatus.PENDING || step.status == StepStatus.RETRY_WAIT);
    if (!current && !beforeDispatch) {
      return;
    }
    StepFailed data = Envelopes.dataAs(event, StepFailed.class);
    step.attempt = attempt;
    step.endedAt = at;
    step.errorReason = data.reason();
    step.errorMessage = data.message();
    step.errorDetails = data.details();
    ActionPolicy policy = settings.policy(step.planned.action());
    if (data.retryable() && attempt - step.attemptBase < policy.maxAttempts()) {
      step.status = StepStatus.RETRY_WAIT;
      step.retryAt = at.plus(policy.backoff(state.buildId, step.id(), attempt));
    } else {
      step.status = StepStatus.FAILED;
      step.retryAt = null;
    }
  }

  private static void ended(BuildState state, BuildStatus status, Instant at) {
    state.status = status;
    state.endedAt = at;
  }

  private static int attemptOf(CloudEvent event, StepState step) {
    if (event.attempt() != null) {
      return event.attempt();
    }
    return step == null ? 0 : step.attempt;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
