package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A build request was planned and the build starts.
 *
 * @param requestId the client's id, or null
 * @param action {@code create} or {@code destroy}
 * @param guests the guests as requested
 * @param dryRun whether agents only observe
 * @param pulledIn guests added by the planner (dependencies and clone sources)
 * @param steps the plan's step ids
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildAccepted(
    String requestId,
    String action,
    List<Integer> guests,
    boolean dryRun,
    List<Integer> pulledIn,
    List<String> steps)
    implements EventData {

  @Override
  public String type() {
    return EventTypes.BUILD_ACCEPTED;
  }
}
