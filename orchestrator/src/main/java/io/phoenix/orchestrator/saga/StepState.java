package io.phoenix.orchestrator.saga;

import io.phoenix.orchestrator.planning.PlannedStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step of a build as the events tell it. Read-only outside this package; the saga works on
 * copies so a state handed out is never changed.
 */
public final class StepState {

  final PlannedStep planned;
  StepStatus status = StepStatus.PENDING;
  int attempt;
  int attemptBase;
  Instant dispatchedAt;
  Instant startBy;
  Instant finishBy;
  Instant startedAt;
  Instant lastSignalAt;
  Instant endedAt;
  Instant retryAt;
  String instance;
  String outcome;
  List<String> changes = List.of();
  Map<String, String> outputs = Map.of();
  String errorReason;
  String errorMessage;
  Map<String, String> errorDetails = Map.of();
  String lastMessage;
  Integer percent;

  StepState(PlannedStep planned) {
    this.planned = planned;
  }

  StepState copy() {
    StepState c = new StepState(planned);
    c.status = status;
    c.attempt = attempt;
    c.attemptBase = attemptBase;
    c.dispatchedAt = dispatchedAt;
    c.startBy = startBy;
    c.finishBy = finishBy;
    c.startedAt = startedAt;
    c.lastSignalAt = lastSignalAt;
    c.endedAt = endedAt;
    c.retryAt = retryAt;
    c.instance = instance;
    c.outcome = outcome;
    c.changes = changes;
    c.outputs = outputs;
    c.errorReason = errorReason;
    c.errorMessage = errorMessage;
    c.errorDetails = errorDetails;
    c.lastMessage = lastMessage;
    c.percent = percent;
    return c;
  }

  public String id() {
    return planned.id();
  }

  public PlannedStep planned() {
    return planned;
  }

  public StepStatus status() {
    return status;
  }

  /** The latest attempt dispatched (1 for the first), 0 before the first dispatch. */
  public int attempt() {
    return attempt;
  }

  public Instant dispatchedAt() {
    return dispatchedAt;
  }

  public Instant startBy() {
    return startBy;
  }

  public Instant finishBy() {
    return finishBy;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant lastSignalAt() {
    return lastSignalAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  /** When the next attempt may be dispatched (status {@link StepStatus#RETRY_WAIT}). */
  public Instant retryAt() {
    return retryAt;
  }

  /** The agent instance working on the latest attempt. */
  public String instance() {
    return instance;
  }

  /**
   * {@code created}, {@code updated}, {@code noop}, {@code would-create} or {@code would-update}.
   */
  public String outcome() {
    return outcome;
  }

  public List<String> changes() {
    return changes;
  }

  public Map<String, String> outputs() {
    return outputs;
  }

  /** The reason code of the latest failure, e.g. {@code DEADLINE}. */
  public String errorReason() {
    return errorReason;
  }

  public String errorMessage() {
    return errorMessage;
  }

  public Map<String, String> errorDetails() {
    return errorDetails;
  }

  /** The latest progress message. */
  public String lastMessage() {
    return lastMessage;
  }

  public Integer percent() {
    return percent;
  }
}
