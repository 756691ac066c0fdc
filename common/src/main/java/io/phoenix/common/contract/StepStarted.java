package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An agent instance took the step's command and began work.
 *
 * @param instance the agent instance, e.g. {@code proxmox-agent/host-1/4711}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepStarted(String instance) implements EventData {

  @Override
  public String type() {
    return EventTypes.STEP_STARTED;
  }
}
