package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.BuildCancelled;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.BuildSucceeded;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepDispatched;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.orchestrator.planning.PlannedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** One decision in the making: works on a state the saga owns and collects the records to write. */
final class Decider {

  static final String DEADLINE = "DEADLINE";
  static final String MISSING_INPUT = "MISSING_INPUT";

  private final SagaSettings settings;
  private final Evolution evolution;
  private final List<Outbound> out;
  private final Instant now;

  Decider(SagaSettings settings, Evolution evolution, List<Outbound> out, Instant now) {
    this.settings = settings;
    this.evolution = evolution;
    this.out = out;
    this.now = now;
  }

  void cancel(BuildState s, String reason) {
    if (!s.status.isOpen()) {
      return;
    }
    List<String> notRun =
        s.steps.values().stream()
            .filter(st -> st.status == StepStatus.PENDING || st.status == StepStatus.RETRY_WAIT)
            .map(StepState::id)
            .toList();
    emit(
        s,
        new BuildCancelled(reason == null ? "cancelled" : reason, notRun),
        null,
        null,
        s.buildId,
        "cancelled",
        s.round);
  }

  /** Dispatches the failed steps of a failed build again; limits yield to the operator here. */
  void retry(BuildState s) {
    if (s.status != BuildStatus.FAILED) {
      return;
    }
    List<String> failed =
        s.steps.values().stream()
            .filter(st -> st.status == StepStatus.FAILED || st.status == StepStatus.RETRY_WAIT)
            .map(StepState::id)
            .toList();
    Set<String> locks = BuildGraph.heldLocks(s);
    for (String id : failed) {
      StepState step = s.steps.get(id);
      String lock = step.planned.lock();
      if (BuildGraph.dependenciesDone(s, step) && (lock == null || !locks.contains(lock))) {
        dispatch(s, step);
        if (lock != null) {
          locks.add(lock);
        }
      }
    }
  }

  /** Everything time and the current state call for. */
  void advance(BuildState s) {
    if (!s.status.isOpen()) {
      return;
    }
    checkDeadlines(s);
    if (firstFailed(s) == null) {
      dispatchReady(s);
    }
    StepState failed = firstFailed(s);
    if (failed != null) {
      failBuild(s, failed);
    } else if (s.steps.values().stream().allMatch(st -> st.status == StepStatus.SUCCEEDED)) {
      succeedBuild(s);
    }
  }

  private static StepState firstFailed(BuildState s) {
    return s.steps.values().stream()
        .filter(st -> st.status == StepStatus.FAILED)
        .findFirst()
        .orElse(null);
  }

  private void checkDeadlines(BuildState s) {
    for (StepState step : List.copyOf(s.steps.values())) {
      if (!step.status.inFlight()) {
        continue;
      }
      ActionPolicy policy = settings.policy(step.planned.action());
      String missed = null;
      Instant deadline = null;
      if (step.status == StepStatus.DISPATCHED && due(step.startBy)) {
        missed = "start";
        deadline = step.startBy;
      } else if (due(step.finishBy)) {
        missed = "finish";
        deadline = step.finishBy;
      } else if (step.status == StepStatus.RUNNING
          && step.lastSignalAt != null
          && due(step.lastSignalAt.plus(policy.heartbeatTimeout()))) {
        missed = "heartbeat";
        deadline = step.lastSignalAt.plus(policy.heartbeatTimeout());
      }
      if (missed != null) {
        String message =
            switch (missed) {
              case "start" -> "no agent started attempt " + step.attempt + " by " + deadline;
              case "finish" -> "attempt " + step.attempt + " did not finish by " + deadline;
              default ->
                  "no heartbeat from "
                      + (step.instance == null ? "the agent" : step.instance)
                      + " for "
                      + policy.heartbeatTimeout().toSeconds()
                      + "s";
            };
        emit(
            s,
            new StepFailed(
                DEADLINE,
                message,
                true,
                Map.of("deadline", missed, "missedAt", String.valueOf(deadline))),
            step.id(),
            step.attempt,
            s.buildId,
            step.id(),
            step.attempt,
            "deadline");
      }
    }
  }

  private void failBuild(BuildState s, StepState failed) {
    String reason =
        failed.errorReason == null
            ? "failed"
            : failed.errorReason + (failed.errorMessage == null ? "" : ": " + failed.errorMessage);
    emit(
        s,
        new BuildFailed(
            failed.id(), reason, BuildGraph.blockedBy(s, failed.id()), millisSinceAccepted(s)),
        null,
        null,
        s.buildId,
        "failed",
        s.round);
  }

  private void succeedBuild(BuildState s) {
    Map<String, Integer> outcomes = new TreeMap<>();
    for (StepState step : s.steps.values()) {
      outcomes.merge(step.outcome == null ? "unknown" : step.outcome, 1, Integer::sum);
    }
    CloudEvent event =
        event(
            s,
            new BuildSucceeded(millisSinceAccepted(s), outcomes),
            null,
            null,
            s.buildId,
            "succeeded",
            s.round);
    if (s.dryRun) {
      ((ObjectNode) event.data()).set(DryRunReport.FIELD, DryRunReport.of(s));
    }
    emit(s, event);
  }

  private void dispatchReady(BuildState s) {
    int inFlight = 0;
    Map<String, Integer> perNode = new HashMap<>();
    Set<String> locks = BuildGraph.heldLocks(s);
    for (StepState step : s.steps.values()) {
      if (step.status.inFlight()) {
        inFlight++;
        perNode.merge(BuildGraph.node(step.planned), 1, Integer::sum);
      }
    }
    Map<String, Long> priority = BuildGraph.remainingPath(s);
    List<StepState> ready =
        s.steps.values().stream()
            .filter(this::dueForDispatch)
            .filter(st -> BuildGraph.dependenciesDone(s, st))
            .sorted(Comparator.comparing((StepState st) -> -priority.get(st.id())))
            .toList();
    for (StepState step : ready) {
      if (inFlight >= settings.maxParallel()) {
        break;
      }
      String node = BuildGraph.node(step.planned);
      String lock = step.planned.lock();
      if (perNode.getOrDefault(node, 0) >= settings.maxPerNode()
          || (lock != null && locks.contains(lock))) {
        continue;
      }
      if (dispatch(s, step)) {
        inFlight++;
        perNode.merge(node, 1, Integer::sum);
        if (lock != null) {
          locks.add(lock);
        }
      }
    }
  }

  private boolean dueForDispatch(StepState step) {
    return step.status == StepStatus.PENDING
        || (step.status == StepStatus.RETRY_WAIT && due(step.retryAt));
  }

  /** Sends the next attempt of {@code step}; false when it failed for a missing input instead. */
  private boolean dispatch(BuildState s, StepState step) {
    PlannedStep planned = step.planned;
    int attempt = step.attempt + 1;
    Map<String, String> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, String> input : new TreeMap<>(planned.inputs()).entrySet()) {
      String value = resolve(s, input.getValue());
      if (value != null) {
        inputs.put(input.getKey(), value);
      } else if (!s.dryRun) {
        // In a dry run nothing was really produced; agents observe without the input.
        emit(
            s,
            new StepFailed(
                MISSING_INPUT,
                "input '"
                    + input.getKey()
                    + "' needs "
                    + input.getValue()
                    + ", which the build has not produced",
                false,
                Map.of("input", input.getKey(), "source", input.getValue())),
            step.id(),
            attempt,
            s.buildId,
            step.id(),
            attempt,
            "missing-input");
        return false;
      }
    }
    StepCommand command =
        new StepCommand(
            planned.guest(),
            planned.action(),
            planned.detail(),
            s.dryRun,
            planned.params(),
            inputs);
    String commandId = Ids.of(s.buildId, step.id(), attempt, "command");
    CloudEvent raw =
        Envelopes.command(
            settings.source(), planned.agent(), command, s.buildId, step.id(), attempt, now);
    CloudEvent cmd = withId(raw, s.buildId, commandId);
    out.add(
        new Outbound(
            settings.topics().commands(planned.agent()), String.valueOf(planned.guest()), cmd));
    ActionPolicy policy = settings.policy(planned.action());
    emit(
        s,
        new StepDispatched(
            planned.agent().id(),
            cmd.type(),
            cmd.id(),
            now.plus(policy.startTimeout()),
            now.plus(policy.finishTimeout())),
        step.id(),
        attempt,
        s.buildId,
        step.id(),
        attempt,
        "dispatched");
    return true;
  }

  private static String resolve(BuildState s, String reference) {
    int hash = reference.lastIndexOf('#');
    if (hash < 0) {
      return null;
    }
    StepState source = s.steps.get(reference.substring(0, hash));
    if (source == null || source.status != StepStatus.SUCCEEDED) {
      return null;
    }
    return source.outputs.get(reference.substring(hash + 1));
  }

  /** The instants at which time alone changes a decision about {@code step}. */
  static List<Instant> timers(StepState step, ActionPolicy policy) {
    return switch (step.status) {
      case DISPATCHED -> Arrays.asList(step.startBy, step.finishBy);
      case RUNNING ->
          Arrays.asList(
              step.finishBy,
              step.lastSignalAt == null ? null : step.lastSignalAt.plus(policy.heartbeatTimeout()));
      case RETRY_WAIT -> Arrays.asList(step.retryAt);
      default -> List.of();
    };
  }

  private boolean due(Instant deadline) {
    return deadline != null && !now.isBefore(deadline);
  }

  private long millisSinceAccepted(BuildState s) {
    return Math.max(0, Duration.between(s.acceptedAt, now).toMillis());
  }

  private void emit(
      BuildState s, EventData data, String stepId, Integer attempt, Object... idParts) {
    emit(s, event(s, data, stepId, attempt, idParts));
  }

  private void emit(BuildState s, CloudEvent event) {
    out.add(new Outbound(settings.topics().events(), s.buildId, event));
    evolution.apply(s, event);
  }

  private CloudEvent event(
      BuildState s, EventData data, String stepId, Integer attempt, Object... idParts) {
    CloudEvent raw = Envelopes.event(settings.source(), data, s.buildId, stepId, attempt, now);
    return withId(raw, s.buildId, Ids.of(idParts));
  }

  private static CloudEvent withId(CloudEvent e, String buildId, String id) {
    return new CloudEvent(
        e.specversion(),
        id,
        e.source(),
        e.type(),
        e.time(),
        e.datacontenttype(),
        e.buildid(),
        e.stepid(),
        e.attempt(),
        Ids.traceparent(buildId, id),
        e.data());
  }
}
