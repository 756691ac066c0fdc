package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;

/** What makes the saga decide: an event of the build, the passing of time, or an operator. */
public sealed interface SagaInput
    permits SagaInput.Received, SagaInput.Tick, SagaInput.Cancel, SagaInput.Retry {

  /** An event from {@code phoenix.events} (any source but this orchestrator's own decisions). */
  record Received(CloudEvent event) implements SagaInput {}

  /** Time passed: deadlines and backoffs are checked against {@code now}. */
  record Tick() implements SagaInput {}

  /** Stop dispatching and end the build cancelled; steps already running finish on their own. */
  record Cancel(String reason) implements SagaInput {}

  /** Dispatch the failed steps of a failed build again, each as a new attempt. */
  record Retry() implements SagaInput {}
}
