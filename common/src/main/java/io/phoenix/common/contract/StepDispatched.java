package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The orchestrator sent a step's command (for attempt {@code attempt} in the envelope).
 *
 * @param agent the agent kind the command went to
 * @param commandType the command's CloudEvents type
 * @param commandId the command's CloudEvents id
 * @param startBy deadline for {@code phoenix.step.started}
 * @param finishBy deadline for the step's outcome
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepDispatched(
    String agent, String commandType, String commandId, Instant startBy, Instant finishBy)
    implements EventData {

  @Override
  public String type() {
    return EventTypes.STEP_DISPATCHED;
  }
}
