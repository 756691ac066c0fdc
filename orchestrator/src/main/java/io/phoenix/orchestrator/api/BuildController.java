package io.phoenix.orchestrator.api;

import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.orchestrator.runtime.BuildPlanner;
import io.phoenix.orchestrator.runtime.BuildProjection;
import io.phoenix.orchestrator.runtime.BuildRequests;
import io.phoenix.orchestrator.runtime.RequestMessage;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.BuildStatus;
import io.phoenix.orchestrator.saga.DryRunReport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The builds over HTTP. Reads come from the read model of {@code phoenix.events}; writes go to
 * {@code phoenix.build.requests} like any other client's, and are answered once Kafka has them.
 */
@RestController
@RequestMapping("/api/builds")
class BuildController {

  private final BuildProjection projection;
  private final BuildRequests requests;
  private final BuildPlanner planner;

  BuildController(BuildProjection projection, BuildRequests requests, BuildPlanner planner) {
    this.projection = projection;
    this.requests = requests;
    this.planner = planner;
  }

  @GetMapping
  List<BuildViews.BuildSummary> list() {
    return projection.builds().stream().map(BuildViews.BuildSummary::of).toList();
  }

  @GetMapping("/{id}")
  BuildViews.BuildView get(@PathVariable String id) {
    BuildState build = projection.build(id).orElse(null);
    if (build == null) {
      return projection
          .rejection(id)
          .map(reason -> BuildViews.BuildView.rejected(id, reason))
          .orElseThrow(() -> ApiException.notFound(id));
    }
    return BuildViews.BuildView.of(build, report(id));
  }

  @GetMapping("/{id}/events")
  List<CloudEvent> events(@PathVariable String id) {
    List<CloudEvent> events = projection.events(id);
    if (events.isEmpty()) {
      throw ApiException.notFound(id);
    }
    return events;
  }

  /** Same body as the requests topic; answers the build id (202, or 200 for a repeat). */
  @PostMapping
  ResponseEntity<BuildViews.Submitted> create(@RequestBody BuildRequest body) {
    String action = body.action() == null ? BuildRequest.CREATE : body.action();
    if (!BuildRequest.CREATE.equals(action) && !BuildRequest.DESTROY.equals(action)) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "Unknown action",
          "action '" + action + "' is not one of create, destroy");
    }
    if (body.guests() == null || body.guests().isEmpty()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "No guests",
          "the request lists no guests; send e.g. {\"action\":\"create\",\"guests\":[101]}");
    }
    String requestId = body.requestId() != null ? body.requestId() : UUID.randomUUID().toString();
    BuildRequest request = new BuildRequest(requestId, action, body.guests(), body.dryRun());
    var first = projection.buildOfRequest(requestId);
    if (first.isPresent()) {
      return ResponseEntity.ok()
          .location(URI.create("/api/builds/" + first.get()))
          .body(new BuildViews.Submitted(first.get(), requestId, true));
    }
    try {
      planner.plan(request);
    } catch (RuntimeException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "Cannot plan the build",
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    String buildId = requests.submit(RequestMessage.of(request));
    return ResponseEntity.accepted()
        .location(URI.create("/api/builds/" + buildId))
        .body(new BuildViews.Submitted(buildId, requestId, false));
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<Map<String, String>> cancel(
      @PathVariable String id, @RequestBody(required = false) Map<String, String> body) {
    BuildState build = projection.build(id).orElseThrow(() -> ApiException.notFound(id));
    if (!build.status().isOpen()) {
      throw conflict(id, build, "only an accepted or running build can be cancelled");
    }
    String reason = body == null ? null : body.get("reason");
    requests.cancel(id, reason == null ? "cancelled through the API" : reason);
    return ResponseEntity.accepted().body(Map.of("buildId", id, "requested", "cancel"));
  }

  @PostMapping("/{id}/retry")
  ResponseEntity<Map<String, String>> retry(@PathVariable String id) {
    BuildState build = projection.build(id).orElseThrow(() -> ApiException.notFound(id));
    if (build.status() != BuildStatus.FAILED) {
      throw conflict(id, build, "only a failed build can be retried");
    }
    requests.retry(id);
    return ResponseEntity.accepted().body(Map.of("buildId", id, "requested", "retry"));
  }

  private JsonNode report(String id) {
    return projection.events(id).stream()
        .filter(e -> EventTypes.BUILD_SUCCEEDED.equals(e.type()) && e.data() != null)
        .map(e -> e.data().get(DryRunReport.FIELD))
        .filter(r -> r != null && !r.isNull())
        .reduce((a, b) -> b)
        .orElse(null);
  }

  private static ApiException conflict(String id, BuildState build, String rule) {
    return new ApiException(
        HttpStatus.CONFLICT,
        "Build is " + build.status().name().toLowerCase(),
        "build " + id + " is " + build.status().name().toLowerCase() + "; " + rule);
  }
}
