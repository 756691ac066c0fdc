package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The agent is still working on the step; silence past the heartbeat deadline means it is lost.
 *
 * @param instance the agent instance
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepHeartbeat(String instance) implements EventData {

  @Override
  public String type() {
    return EventTypes.STEP_HEARTBEAT;
  }
}
