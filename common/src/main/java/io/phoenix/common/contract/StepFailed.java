package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The step failed in this attempt.
 *
 * @param reason a stable code, e.g. {@code PVE_LOCKED}, {@code EXEC_FAILED}, {@code DEADLINE}
 * @param message the original error text, for a person
 * @param retryable decided where the error is understood: may another attempt succeed?
 * @param details extra facts, e.g. {@code exitCode}, {@code stderrTail}, {@code feature}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepFailed(
    String reason, String message, boolean retryable, Map<String, String> details)
    implements StepOutcome {

  public StepFailed {
    details = Maps.ordered(details);
  }

  @Override
  public String type() {
    return EventTypes.STEP_FAILED;
  }
}
