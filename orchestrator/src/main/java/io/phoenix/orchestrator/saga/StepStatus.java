package io.phoenix.orchestrator.saga;

/** Where one step is: pending -> dispatched -> running -> succeeded | retry-wait | failed. */
public enum StepStatus {
  /** Not dispatched yet (waiting for dependencies, a lock or capacity). */
  PENDING,
  /** The command is out; no agent has reported {@code started}. */
  DISPATCHED,
  /** An agent reported {@code started} (or a heartbeat). */
  RUNNING,
  /** The last attempt failed retryably; the next waits for its backoff. */
  RETRY_WAIT,
  SUCCEEDED,
  /** Failed for good: not retryable, or out of attempts. */
  FAILED;

  /** Whether an attempt is out and its outcome not known. */
  public boolean inFlight() {
    return this == DISPATCHED || this == RUNNING;
  }
}
