package io.phoenix.orchestrator.saga;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines and retry budget of one step action.
 *
 * @param startTimeout time from dispatch to {@code phoenix.step.started}
 * @param finishTimeout time from dispatch to the step's outcome
 * @param heartbeatTimeout longest silence (no started, heartbeat or progress) of a running step
 * @param maxAttempts attempts before a retryable failure fails the step for good (at least 1)
 * @param backoffBase delay before the second attempt; doubles with each further attempt
 * @param backoffMax cap of the delay
 */
public record ActionPolicy(
    Duration startTimeout,
    Duration finishTimeout,
    Duration heartbeatTimeout,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax) {

  public ActionPolicy {
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(finishTimeout, "finishTimeout");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(backoffBase, "backoffBase");
    Objects.requireNonNull(backoffMax, "backoffMax");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** Conservative defaults for an action without its own settings. */
  public static ActionPolicy defaults() {
    return new ActionPolicy(
        Duration.ofMinutes(1),
        Duration.ofMinutes(15),
        Duration.ofMinutes(1),
        3,
        Duration.ofSeconds(5),
        Duration.ofMinutes(2));
  }

  /**
   * The delay before attempt {@code attempt + 1}: exponential from {@link #backoffBase}, capped,
   * with "equal jitter" (half fixed, half random) whose randomness is derived from the step and
   * attempt, so the decision stays a pure function of the events.
   */
  Duration backoff(String buildId, String stepId, int attempt) {
    long base = backoffBase.toMillis();
    long cap = backoffMax.toMillis();
    long exp = base;
    for (int i = 1; i < attempt && exp < cap; i++) {
      exp *= 2;
    }
    exp = Math.min(exp, cap);
    double jitter = Ids.unitInterval(buildId + "|" + stepId + "|" + attempt);
    return Duration.ofMillis(exp / 2 + Math.round(exp / 2.0 * jitter));
  }
}
