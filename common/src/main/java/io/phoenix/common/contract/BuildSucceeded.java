package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Every step of the build succeeded.
 *
 * @param durationMs from acceptance to the last step's success
 * @param outcomes count of step outcomes, e.g. {@code {"created":12,"noop":3}}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildSucceeded(long durationMs, Map<String, Integer> outcomes) implements EventData {

  @Override
  public String type() {
    return EventTypes.BUILD_SUCCEEDED;
  }
}
