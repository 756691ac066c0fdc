package io.phoenix.orchestrator.saga;

import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One build as its events tell it: the fold of {@code phoenix.events} for one build id. Read-only
 * outside this package; {@link Saga} returns new states and never changes one it was given.
 */
public final class BuildState {

  final String buildId;
  final String requestId;
  final String action;
  final List<Integer> guests;
  final List<Integer> pulledIn;
  final boolean dryRun;
  final Plan plan;
  final Instant acceptedAt;
  final Map<String, StepState> steps;
  BuildStatus status = BuildStatus.ACCEPTED;
  Instant endedAt;
  Instant lastEventAt;
  int round;
  String failedStep;
  String failureReason;
  List<String> blocked = List.of();
  String cancelReason;

  BuildState(
      String buildId,
      String requestId,
      String action,
      List<Integer> guests,
      List<Integer> pulledIn,
      boolean dryRun,
      Plan plan,
      Instant acceptedAt) {
    this.buildId = buildId;
    this.requestId = requestId;
    this.action = action;
    this.guests = List.copyOf(guests);
    this.pulledIn = List.copyOf(pulledIn);
    this.dryRun = dryRun;
    this.plan = plan;
    this.acceptedAt = acceptedAt;
    this.lastEventAt = acceptedAt;
    this.steps = new LinkedHashMap<>();
    for (PlannedStep step : plan.steps()) {
      steps.put(step.id(), new StepState(step));
    }
  }

  private BuildState(BuildState other) {
    this.buildId = other.buildId;
    this.requestId = other.requestId;
    this.action = other.action;
    this.guests = other.guests;
    this.pulledIn = other.pulledIn;
    this.dryRun = other.dryRun;
    this.plan = other.plan;
    this.acceptedAt = other.acceptedAt;
    this.steps = new LinkedHashMap<>();
    other.steps.forEach((id, step) -> steps.put(id, step.copy()));
    this.status = other.status;
    this.endedAt = other.endedAt;
    this.lastEventAt = other.lastEventAt;
    this.round = other.round;
    this.failedStep = other.failedStep;
    this.failureReason = other.failureReason;
    this.blocked = other.blocked;
    this.cancelReason = other.cancelReason;
  }

  BuildState copy() {
    return new BuildState(this);
  }

  public String buildId() {
    return buildId;
  }

  /** The client's request id, or null. */
  public String requestId() {
    return requestId;
  }

  public String action() {
    return action;
  }

  public List<Integer> guests() {
    return guests;
  }

  public List<Integer> pulledIn() {
    return pulledIn;
  }

  /** Every guest the build acts on: the requested ones and those the planner pulled in. */
  public List<Integer> allGuests() {
    LinkedHashSet<Integer> all = new LinkedHashSet<>(guests);
    all.addAll(pulledIn);
    return List.copyOf(all);
  }

  public boolean dryRun() {
    return dryRun;
  }

  public Plan plan() {
    return plan;
  }

  public BuildStatus status() {
    return status;
  }

  public Instant acceptedAt() {
    return acceptedAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  /** How many times the build was retried after failing. */
  public int round() {
    return round;
  }

  /** The step that failed the build, while it is failed. */
  public String failedStep() {
    return failedStep;
  }

  public String failureReason() {
    return failureReason;
  }

  /** Steps that could not run because of {@link #failedStep()}. */
  public List<String> blocked() {
    return blocked;
  }

  public String cancelReason() {
    return cancelReason;
  }

  /** The steps in plan (topological) order. */
  public Collection<StepState> steps() {
    return Collections.unmodifiableCollection(steps.values());
  }

  public StepState step(String id) {
    return steps.get(id);
  }
}
