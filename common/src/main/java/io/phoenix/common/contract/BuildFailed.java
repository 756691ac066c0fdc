package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The build ended because a step failed for good.
 *
 * @param failedStep the step that failed
 * @param reason its error
 * @param blocked the steps that could not run because of it
 * @param durationMs from acceptance to the failure
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildFailed(String failedStep, String reason, List<String> blocked, long durationMs)
    implements EventData {

  @Override
  public String type() {
    return EventTypes.BUILD_FAILED;
  }
}
