package io.phoenix.cli.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One step as the replayed events tell it.
 *
 * @param id the step id
 * @param status where the step was at the end of the replayed events
 * @param instance the agent instance that last worked on it, or null
 * @param attempts attempts dispatched
 * @param dispatchedAt first dispatch, or null when never dispatched
 * @param startedAt first {@code started} of any attempt, or null
 * @param endedAt when its last outcome arrived, or null
 * @param outcome {@code created}, {@code updated}, {@code noop}, ... once it succeeded
 * @param error {@code REASON: message} of its latest failure, or null
 * @param simulated why its success was simulated (its effects faked), or null
 * @param dependsOn the plan's edges into it (empty when the log carries no plan)
 */
record StepRow(
    String id,
    Status status,
    String instance,
    int attempts,
    Instant dispatchedAt,
    Instant startedAt,
    Instant endedAt,
    String outcome,
    String error,
    String simulated,
    List<String> dependsOn) {

  /** Where a step is: never sent, out, worked on, waiting to retry, or done either way. */
  enum Status {
    PENDING,
    DISPATCHED,
    RUNNING,
    RETRY_WAIT,
    SUCCEEDED,
    FAILED;

    String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  StepRow {
    dependsOn = List.copyOf(dependsOn);
  }

  /** The outcome, with {@code , simulated} when its effects were faked. */
  String outcomeLabel() {
    return outcome == null ? "" : simulated == null ? outcome : outcome + ", simulated";
  }

  /** From first dispatch to its last outcome (or to {@code now} while it is open), or null. */
  Duration duration(Instant now) {
    if (dispatchedAt == null) {
      return null;
    }
    Instant end = endedAt != null ? endedAt : now;
    return end == null ? null : Duration.between(dispatchedAt, end);
  }
}
