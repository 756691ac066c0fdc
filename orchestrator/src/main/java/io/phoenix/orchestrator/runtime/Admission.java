package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import io.phoenix.orchestrator.saga.AcceptedEvents;
import io.phoenix.orchestrator.saga.BuildState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a request starts a build: one instance at a time does this (the owner of
 * partition 0 of the requests topic), so its answers are exact: a repeated request id is answered
 * with the first build's id, and a build whose guests overlap a build still open is rejected.
 *
 * <p>It knows every build from the read model plus the builds it admitted that the read model has
 * not read yet; before rejecting for an overlap it waits for the read model to reach the end of the
 * log, so a build that just ended never blocks the next one.
 */
final class Admission {

  record Admitted(String buildId, String requestId, Set<Integer> guests) {}

  sealed interface Result permits Accepted, Rejected {}

  record Accepted(String buildId, CloudEvent event, Admitted admitted) implements Result {}

  record Rejected(String reason, String buildId) implements Result {}

  private record Conflict(int guest, String buildId, String status) {}

  private final BuildProjection projection;
  private final BuildPlanner planner;
  private final String source;
  private final Duration freshness;
  private final Map<String, Admitted> recent = new HashMap<>();

  Admission(BuildProjection projection, BuildPlanner planner, String source, Duration freshness) {
    this.projection = projection;
    this.planner = planner;
    this.source = source;
    this.freshness = freshness;
  }

  /**
   * Takes over admission: the read model must first hold every build admitted before. Returns false
   * when it did not catch up within the freshness timeout (the caller tries again).
   */
  boolean activate() {
    recent.clear();
    return projection.awaitCaughtUp(freshness);
  }

  Result admit(RequestMessage request, String buildId, Batch batch, Instant now) {
    Optional<String> first = firstBuildOf(request.requestId(), buildId, batch);
    if (first.isPresent()) {
      String status =
          projection
              .build(first.get())
              .map(b -> b.status().name().toLowerCase())
              .orElse("accepted");
      return new Rejected(
          "request '"
              + request.requestId()
              + "' already started build "
              + first.get()
              + " ("
              + status
              + "); a repeated request id never starts a second build",
          first.get());
    }
    Plan plan;
    try {
      plan = planner.plan(request.toBuildRequest());
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Rejected("cannot plan the build: " + message, null);
    }
    Set<Integer> guests = new LinkedHashSet<>(plan.requested());
    guests.addAll(plan.pulledIn());
    Conflict conflict = conflict(guests, batch);
    if (conflict != null && projection.awaitCaughtUp(freshness)) {
      conflict = conflict(guests, batch);
    }
    if (conflict != null) {
      return new Rejected(
          "guest "
              + conflict.guest()
              + " is in build "
              + conflict.buildId()
              + ", which is still "
              + conflict.status()
              + "; two builds never act on one guest at once: wait for it to end or cancel it",
          null);
    }
    BuildAccepted data =
        new BuildAccepted(
            request.requestId(),
            plan.action(),
            plan.requested(),
            Boolean.TRUE.equals(request.dryRun()),
            plan.pulledIn(),
            plan.steps().stream().map(PlannedStep::id).toList());
    CloudEvent event = AcceptedEvents.create(source, buildId, data, plan, now);
    return new Accepted(buildId, event, new Admitted(buildId, request.requestId(), guests));
  }

  /** Remembers what a committed batch admitted until the read model shows it. */
  void committed(Batch batch) {
    recent.putAll(batch.admitted);
    recent.keySet().removeIf(id -> projection.build(id).isPresent());
  }

  private Optional<String> firstBuildOf(String requestId, String buildId, Batch batch) {
    if (projection.build(buildId).isPresent()
        || recent.containsKey(buildId)
        || batch.admitted.containsKey(buildId)) {
      return Optional.of(buildId);
    }
    if (requestId == null) {
      return Optional.empty();
    }
    Optional<String> known = projection.buildOfRequest(requestId);
    if (known.isPresent()) {
      return known;
    }
    return List.of(recent, batch.admitted).stream()
        .flatMap(m -> m.values().stream())
        .filter(a -> requestId.equals(a.requestId()))
        .map(Admitted::buildId)
        .findFirst();
  }

  private Conflict conflict(Set<Integer> guests, Batch batch) {
    for (BuildState build : projection.builds()) {
      if (build.status().isOpen()) {
        for (Integer guest : build.allGuests()) {
          if (guests.contains(guest)) {
            return new Conflict(guest, build.buildId(), build.status().name().toLowerCase());
          }
        }
      }
    }
    for (Map<String, Admitted> admitted : List.of(recent, batch.admitted)) {
      for (Admitted a : admitted.values()) {
        if (projection.build(a.buildId()).isPresent()) {
          continue; // the read model's status is newer
        }
        for (Integer guest : a.guests()) {
          if (guests.contains(guest)) {
            return new Conflict(guest, a.buildId(), "accepted");
          }
        }
      }
    }
    return null;
  }
}
