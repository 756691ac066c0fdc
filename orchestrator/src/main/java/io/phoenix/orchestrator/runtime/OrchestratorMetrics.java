package io.phoenix.orchestrator.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.StepFailed;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The orchestrator's metrics, counted from what it committed (never from what it only tried):
 * builds by outcome, dispatches, retries and deadline misses by action, and how far its consumer
 * lags behind the log.
 */
final class OrchestratorMetrics {

  private final MeterRegistry registry;
  private volatile Consumer<?, ?> consumer;

  OrchestratorMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("phoenix.consumer.lag", this, OrchestratorMetrics::lag)
        .description("records the orchestrator has yet to read (largest partition lag)")
        .register(registry);
  }

  void consumerStarted(Consumer<?, ?> started) {
    this.consumer = started;
  }

  void committed(List<CloudEvent> written) {
    for (CloudEvent event : written) {
      String type = event.type();
      if (type.startsWith("phoenix.build.")) {
        registry
            .counter("phoenix.builds", "outcome", type.substring("phoenix.build.".length()))
            .increment();
      } else if (EventTypes.STEP_DISPATCHED.equals(type)) {
        String action = action(event.stepid());
        registry.counter("phoenix.step.dispatches", "action", action).increment();
        if (event.attempt() != null && event.attempt() > 1) {
          registry.counter("phoenix.step.retries", "action", action).increment();
        }
      } else if (EventTypes.STEP_FAILED.equals(type) && isDeadline(event)) {
        registry.counter("phoenix.deadline.misses", "action", action(event.stepid())).increment();
      }
    }
  }

  private static boolean isDeadline(CloudEvent event) {
    try {
      return "DEADLINE".equals(Envelopes.dataAs(event, StepFailed.class).reason());
    } catch (MalformedRecordException e) {
      return false;
    }
  }

  /** {@code clone} of {@code 103/clone}, {@code feature} of {@code 101/feature/nginx}. */
  static String action(String stepId) {
    if (stepId == null) {
      return "unknown";
    }
    String[] parts = stepId.split("/");
    return parts.length > 1 ? parts[1] : stepId;
  }

  private double lag() {
    Consumer<?, ?> c = consumer;
    if (c == null) {
      return 0;
    }
    for (Map.Entry<MetricName, ? extends Metric> m : c.metrics().entrySet()) {
      if (m.getKey().name().equals("records-lag-max") && m.getKey().tags().size() == 1) {
        Object value = m.getValue().metricValue();
        if (value instanceof Double d && !d.isNaN()) {
          return d;
        }
      }
    }
    return 0;
  }
}
