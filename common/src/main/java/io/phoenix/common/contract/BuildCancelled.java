package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The build was cancelled: nothing new was dispatched and running steps finished.
 *
 * @param reason who or what cancelled it
 * @param notRun steps that never ran
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildCancelled(String reason, List<String> notRun) implements EventData {

  @Override
  public String type() {
    return EventTypes.BUILD_CANCELLED;
  }
}
