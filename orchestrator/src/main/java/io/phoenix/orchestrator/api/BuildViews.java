package io.phoenix.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.StepState;
import io.phoenix.orchestrator.saga.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** What the REST API shows of builds. */
final class BuildViews {

  private BuildViews() {}

  /** A line of {@code GET /api/builds}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BuildSummary(
      String buildId,
      String requestId,
      String action,
      List<Integer> guests,
      boolean dryRun,
      String status,
      Instant acceptedAt,
      Instant endedAt,
      Map<String, Integer> steps) {

    static BuildSummary of(BuildState build) {
      Map<String, Integer> counts = new TreeMap<>();
      build.steps().forEach(s -> counts.merge(s.status().name().toLowerCase(), 1, Integer::sum));
      return new BuildSummary(
          build.buildId(),
          build.requestId(),
          build.action(),
          build.guests(),
          build.dryRun(),
          build.status().name().toLowerCase(),
          build.acceptedAt(),
          build.endedAt(),
          counts);
    }
  }

  /** {@code GET /api/builds/{id}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BuildView(
      String buildId,
      String requestId,
      String action,
      List<Integer> guests,
      List<Integer> pulledIn,
      boolean dryRun,
      String status,
      Instant acceptedAt,
      Instant endedAt,
      Long durationMs,
      Integer retries,
      String failedStep,
      String failureReason,
      List<String> blocked,
      String cancelReason,
      String rejectedReason,
      List<String> criticalPath,
      JsonNode report,
      List<StepView> steps) {

    static BuildView of(BuildState build, JsonNode report) {
      return new BuildView(
          build.buildId(),
          build.requestId(),
          build.action(),
          build.guests(),
          build.pulledIn(),
          build.dryRun(),
          build.status().name().toLowerCase(),
          build.acceptedAt(),
          build.endedAt(),
          build.endedAt() == null
              ? null
              : Duration.between(build.acceptedAt(), build.endedAt()).toMillis(),
          build.round() == 0 ? null : build.round(),
          build.failedStep(),
          build.failureReason(),
          build.blocked().isEmpty() ? null : build.blocked(),
          build.cancelReason(),
          null,
          build.plan().criticalPath().isEmpty() ? null : build.plan().criticalPath(),
          report,
          build.steps().stream().map(StepView::of).toList());
    }

    static BuildView rejected(String buildId, String reason) {
      return new BuildView(
          buildId,
          null,
          null,
          null,
          null,
          false,
          "rejected",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          reason,
          null,
          null,
          List.of());
    }
  }

  /** One step of a build. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StepView(
      String id,
      String agent,
      String action,
      String status,
      int attempt,
      List<String> dependsOn,
      String lock,
      Instant dispatchedAt,
      Instant startedAt,
      Instant endedAt,
      Long durationMs,
      Instant startBy,
      Instant finishBy,
      Instant retryAt,
      String instance,
      String outcome,
      List<String> changes,
      Map<String, String> outputs,
      ErrorView error,
      String lastMessage,
      Integer percent) {

    static StepView of(StepState step) {
      boolean inFlight = step.status().inFlight();
      return new StepView(
          step.id(),
          step.planned().agent().id(),
          step.planned().action(),
          step.status().name().toLowerCase().replace('_', '-'),
          step.attempt(),
          step.planned().dependsOn(),
          step.planned().lock(),
          step.dispatchedAt(),
          step.startedAt(),
          step.endedAt(),
          step.dispatchedAt() != null && step.endedAt() != null && !inFlight
              ? Duration.between(step.dispatchedAt(), step.endedAt()).toMillis()
              : null,
          inFlight ? step.startBy() : null,
          inFlight ? step.finishBy() : null,
          step.status() == StepStatus.RETRY_WAIT ? step.retryAt() : null,
          step.instance(),
          step.outcome(),
          step.changes().isEmpty() ? null : step.changes(),
          step.outputs().isEmpty() ? null : step.outputs(),
          step.errorReason() == null
              ? null
              : new ErrorView(step.errorReason(), step.errorMessage(), step.errorDetails()),
          step.lastMessage(),
          step.percent());
    }
  }

  /** The latest failure of a step. */
  record ErrorView(String reason, String message, Map<String, String> details) {}

  /** The answer to a request that starts (or started) a build. */
  record Submitted(String buildId, String requestId, boolean repeated) {}
}
