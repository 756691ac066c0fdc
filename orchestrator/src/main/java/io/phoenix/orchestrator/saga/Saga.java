package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The saga engine's pure core: folds a build's events into its state, and decides what to do next.
 *
 * <p>{@link #decide} is a function of its arguments only (no clock, no Kafka, no randomness: ids
 * and backoff jitter are derived from the build, step and attempt), so the same events always give
 * the same commands, and a recorded event log can be replayed against today's code.
 */
public final class Saga {

  private final SagaSettings settings;
  private final Evolution evolution;

  public Saga(SagaSettings settings) {
    this.settings = settings;
    this.evolution = new Evolution(settings);
  }

  public SagaSettings settings() {
    return settings;
  }

  /**
   * The state after {@code event}, without deciding anything (for rebuilding state from the log and
   * for read models). Returns {@code state} unchanged when the event does not concern it; null when
   * there is no build yet and the event is not its {@code accepted}.
   */
  public BuildState evolve(BuildState state, CloudEvent event) {
    return evolution.apply(state == null ? null : state.copy(), event);
  }

  /**
   * Applies {@code input} to {@code state} (null before the build's accepted event) and decides:
   * dispatch every ready step the DAG, the limits and the locks allow; turn missed deadlines into
   * failed attempts; retry after backoff; end the build. The returned state already contains the
   * decision's own events, so the caller must not fold them in again.
   */
  public Decision decide(BuildState state, SagaInput input, Instant now) {
    BuildState s = state == null ? null : state.copy();
    List<Outbound> out = new ArrayList<>();
    Decider decider = new Decider(settings, evolution, out, now);
    if (input instanceof SagaInput.Received received) {
      s = evolution.apply(s, received.event());
    } else if (input instanceof SagaInput.Cancel cancel && s != null) {
      decider.cancel(s, cancel.reason());
    } else if (input instanceof SagaInput.Retry && s != null) {
      decider.retry(s);
    }
    if (s != null) {
      decider.advance(s);
    }
    return new Decision(s, out);
  }

  /**
   * The earliest instant at which time alone changes a decision about {@code state} (a deadline or
   * the end of a backoff), if any; a runtime ticks the build then.
   */
  public Optional<Instant> nextWakeUp(BuildState state) {
    if (state == null || !state.status.isOpen()) {
      return Optional.empty();
    }
    Instant next = null;
    for (StepState step : state.steps.values()) {
      for (Instant candidate : Decider.timers(step, settings.policy(step.planned.action()))) {
        if (candidate != null && (next == null || candidate.isBefore(next))) {
          next = candidate;
        }
      }
    }
    return Optional.ofNullable(next);
  }
}
