package io.phoenix.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.BuildSucceeded;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepDispatched;
import io.phoenix.common.contract.StepFailed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrchestratorMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OrchestratorMetrics metrics = new OrchestratorMetrics(registry);
  private final Instant now = Instant.parse("2026-11-26T09:00:00Z");

  private CloudEvent dispatched(String step, int attempt) {
    return Envelopes.event(
        "/phoenix/orchestrator/t",
        new StepDispatched("proxmox", "phoenix.command.proxmox.clone", "c", now, now),
        "b",
        step,
        attempt,
        now);
  }

  @Test
  void countsBuildsByOutcomeDispatchesRetriesAndDeadlineMisses() {
    metrics.committed(
        List.of(
            dispatched("103/clone", 1),
            Envelopes.event(
                "/o",
                new StepFailed("DEADLINE", "no heartbeat", true, Map.of()),
                "b",
                "103/clone",
                1,
                now),
            dispatched("103/clone", 2),
            dispatched("101/feature/nginx", 1),
            Envelopes.event("/o", new BuildSucceeded(10, Map.of()), "b", null, null, now),
            Envelopes.event(
                "/o",
                new BuildFailed("101/feature/nginx", "x", List.of(), 5),
                "c",
                null,
                null,
                now)));

    assertThat(registry.counter("phoenix.step.dispatches", "action", "clone").count()).isEqualTo(2);
    assertThat(registry.counter("phoenix.step.retries", "action", "clone").count()).isEqualTo(1);
    assertThat(registry.counter("phoenix.step.retries", "action", "feature").count()).isZero();
    assertThat(registry.counter("phoenix.deadline.misses", "action", "clone").count()).isEqualTo(1);
    assertThat(registry.counter("phoenix.builds", "outcome", "succeeded").count()).isEqualTo(1);
    assertThat(registry.counter("phoenix.builds", "outcome", "failed").count()).isEqualTo(1);
    assertThat(registry.get("phoenix.consumer.lag").gauge().value()).isZero();
  }
}
