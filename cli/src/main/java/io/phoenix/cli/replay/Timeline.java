package io.phoenix.cli.replay;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.BuildCancelled;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.Simulated;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import io.phoenix.orchestrator.saga.AcceptedEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A build's history folded from its events, optionally only up to a moment.
 *
 * @param buildId the build
 * @param action {@code create} or {@code destroy}, null without an accepted event
 * @param guests the guests requested
 * @param acceptedAt when the build was accepted
 * @param endedAt when it ended, or null while it runs (at the replayed moment)
 * @param result {@code succeeded}, {@code failed}, {@code cancelled} or {@code running}
 * @param steps every step in plan order (steps seen but not planned at the end)
 * @param plan the plan the accepted event carried, or null
 * @param failedStep the step the build failed on, or null
 * @param failureReason its error as the build reported it, or null
 * @param blocked what the failure blocked: the failed event's list, then steps never dispatched
 * @param cancelReason why it was cancelled, or null
 * @param at the moment replayed, or null for the whole log
 */
record Timeline(
    String buildId,
    String action,
    List<Integer> guests,
    Instant acceptedAt,
    Instant endedAt,
    String result,
    List<StepRow> steps,
    Plan plan,
    String failedStep,
    String failureReason,
    List<String> blocked,
    String cancelReason,
    Instant at) {

  /** The step with {@code id}, or null. */
  StepRow step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }

  /** The history of {@code log} up to and including {@code at} (every event when null). */
  static Timeline of(BuildLog log, Instant at) {
    Fold fold = new Fold();
    for (CloudEvent event : log.events()) {
      if (at != null && event.time() != null && event.time().isAfter(at)) {
        break;
      }
      fold.apply(event);
    }
    return fold.timeline(log.buildId(), at);
  }

  /** Mutable state of one step while folding. */
  private static final class Step {
    final String id;
    List<String> dependsOn = List.of();
    StepRow.Status status = StepRow.Status.PENDING;
    String instance;
    int attempts;
    Instant dispatchedAt;
    Instant startedAt;
    Instant endedAt;
    String outcome;
    String error;
    String simulated;

    Step(String id) {
      this.id = id;
    }

    StepRow row() {
      return new StepRow(
          id,
          status,
          instance,
          attempts,
          dispatchedAt,
          startedAt,
          endedAt,
          outcome,
          error,
          simulated,
          dependsOn);
    }
  }

  private static final class Fold {
    final Map<String, Step> steps = new LinkedHashMap<>();
    String action;
    List<Integer> guests = List.of();
    Instant acceptedAt;
    Instant endedAt;
    String result = "running";
    Plan plan;
    String failedStep;
    String failureReason;
    List<String> blocked = List.of();
    String cancelReason;

    Step step(String id) {
      return steps.computeIfAbsent(id, Step::new);
    }

    void apply(CloudEvent event) {
      String type = event.type();
      if (!EventTypes.EVENTS.contains(type)) {
        return; // commands and unknown types say nothing about the timeline
      }
      if (type.startsWith("phoenix.step.") && event.stepid() == null) {
        return;
      }
      switch (type) {
        case EventTypes.BUILD_ACCEPTED -> accepted(event);
        case EventTypes.STEP_DISPATCHED -> {
          Step s = step(event.stepid());
          s.attempts = Math.max(s.attempts, attempt(event));
          if (s.dispatchedAt == null) {
            s.dispatchedAt = event.time();
          }
          s.endedAt = null;
          s.status = StepRow.Status.DISPATCHED;
        }
        case EventTypes.STEP_STARTED, EventTypes.STEP_HEARTBEAT, EventTypes.STEP_PROGRESS -> {
          Step s = step(event.stepid());
          if (isLatest(s, event) && s.status == StepRow.Status.DISPATCHED) {
            s.status = StepRow.Status.RUNNING;
          }
          if (EventTypes.STEP_STARTED.equals(type)) {
            s.instance = instanceOf(event);
            if (s.startedAt == null) {
              s.startedAt = event.time();
            }
          }
        }
        case EventTypes.STEP_SUCCEEDED -> {
          Step s = step(event.stepid());
          StepSucceeded data = Envelopes.dataAs(event, StepSucceeded.class);
          s.status = StepRow.Status.SUCCEEDED;
          s.endedAt = event.time();
          s.outcome = Envelopes.json().valueToTree(data.outcome()).asString();
          s.simulated = Simulated.reasonOf(data).orElse(null);
          s.instance = s.instance != null ? s.instance : agentOf(event);
        }
        case EventTypes.STEP_FAILED -> {
          Step s = step(event.stepid());
          if (!isLatest(s, event) || s.status == StepRow.Status.SUCCEEDED) {
            return; // a late answer to an attempt the orchestrator already gave up on
          }
          StepFailed data = Envelopes.dataAs(event, StepFailed.class);
          s.status = data.retryable() ? StepRow.Status.RETRY_WAIT : StepRow.Status.FAILED;
          s.endedAt = event.time();
          s.error = data.reason() + ": " + data.message() + stderrTail(data);
        }
        case EventTypes.BUILD_SUCCEEDED -> ended(event, "succeeded");
        case EventTypes.BUILD_FAILED -> {
          ended(event, "failed");
          BuildFailed data = Envelopes.dataAs(event, BuildFailed.class);
          failedStep = data.failedStep();
          failureReason = data.reason();
          blocked = data.blocked() == null ? List.of() : data.blocked();
          for (Step s : steps.values()) {
            if (s.status == StepRow.Status.RETRY_WAIT) {
              s.status = StepRow.Status.FAILED; // no attempt follows once the build failed
            }
          }
        }
        case EventTypes.BUILD_CANCELLED -> {
          ended(event, "cancelled");
          cancelReason = Envelopes.dataAs(event, BuildCancelled.class).reason();
        }
        default -> {
          // rejected: answers a request, changes nothing in the build
        }
      }
    }

    void accepted(CloudEvent event) {
      BuildAccepted data = Envelopes.dataAs(event, BuildAccepted.class);
      action = data.action();
      guests = data.guests() == null ? List.of() : data.guests();
      acceptedAt = event.time();
      try {
        plan = AcceptedEvents.plan(event);
      } catch (MalformedRecordException e) {
        plan = null; // not written by a Phoenix orchestrator: the timeline works without edges
      }
      if (plan != null) {
        for (PlannedStep planned : plan.steps()) {
          step(planned.id()).dependsOn = planned.dependsOn();
        }
      }
      if (data.steps() != null) {
        data.steps().forEach(this::step);
      }
    }

    void ended(CloudEvent event, String how) {
      result = how;
      endedAt = event.time();
      failedStep = null;
      failureReason = null;
      blocked = List.of();
    }

    Timeline timeline(String buildId, Instant at) {
      List<StepRow> rows = new ArrayList<>();
      for (Step s : steps.values()) {
        rows.add(s.row());
      }
      Set<String> allBlocked = new LinkedHashSet<>();
      if ("failed".equals(result)) {
        allBlocked.addAll(blocked);
        for (StepRow row : rows) {
          if (row.status() == StepRow.Status.PENDING) {
            allBlocked.add(row.id());
          }
        }
      }
      return new Timeline(
          buildId,
          action,
          guests,
          acceptedAt,
          endedAt,
          result,
          rows,
          plan,
          failedStep,
          failureReason,
          List.copyOf(allBlocked),
          cancelReason,
          at);
    }

    private static boolean isLatest(Step s, CloudEvent event) {
      return event.attempt() == null || event.attempt() >= s.attempts;
    }

    private static int attempt(CloudEvent event) {
      return event.attempt() == null ? 1 : event.attempt();
    }

    private static String instanceOf(CloudEvent event) {
      StepStarted data = Envelopes.dataAs(event, StepStarted.class);
      return data.instance() != null ? data.instance() : agentOf(event);
    }

    private static String agentOf(CloudEvent event) {
      return event.source();
    }

    private static String stderrTail(StepFailed data) {
      String tail = data.details().get("stderrTail");
      return tail == null || tail.isBlank() ? "" : " (stderr: " + tail.strip() + ")";
    }
  }
}
