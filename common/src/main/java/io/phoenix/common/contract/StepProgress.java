package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Something happened within a running step: a task log line, a phase change.
 *
 * @param message what happened, one line, never a secret
 * @param percent 0..100 when known, else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepProgress(String message, Integer percent) implements EventData {

  @Override
  public String type() {
    return EventTypes.STEP_PROGRESS;
  }
}
