package io.phoenix.cli.replay;

import java.time.Instant;
import java.util.List;

/**
 * Why a build failed: the first step that failed for good, and what could not run because of it.
 *
 * @param rootCause the step id
 * @param error its error (reason code, message, stderr tail)
 * @param failedAt when its last attempt failed
 * @param attempts how many attempts it had
 * @param blocked the steps the build failed event names, then the steps never dispatched
 */
record Diagnosis(
    String rootCause, String error, Instant failedAt, int attempts, List<String> blocked) {

  /** The diagnosis of a failed build, or null for a build that has not failed. */
  static Diagnosis of(Timeline t) {
    if (!"failed".equals(t.result())) {
      return null;
    }
    StepRow root = t.failedStep() == null ? null : t.step(t.failedStep());
    if (root == null) {
      // The failed event names no known step: take the first step that failed for good.
      for (StepRow s : t.steps()) {
        if (s.status() == StepRow.Status.FAILED
            && (root == null || s.endedAt().isBefore(root.endedAt()))) {
          root = s;
        }
      }
    }
    if (root == null) {
      return new Diagnosis(
          t.failedStep() == null ? "unknown" : t.failedStep(),
          t.failureReason() == null ? "no step failure in the log" : t.failureReason(),
          t.endedAt(),
          0,
          t.blocked());
    }
    String error = root.error() != null ? root.error() : t.failureReason();
    return new Diagnosis(
        root.id(),
        error,
        root.endedAt() != null ? root.endedAt() : t.endedAt(),
        root.attempts(),
        t.blocked());
  }
}
