package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The trigger message on {@code phoenix.build.requests}: the whole record value, plain JSON.
 *
 * <p>{@code {"requestId":"r-1","action":"create","guests":[900,103],"dryRun":false}}. Unknown
 * fields are ignored; a repeated {@code requestId} never starts a second build.
 *
 * @param requestId optional client id that makes the request idempotent
 * @param action {@code create} or {@code destroy}
 * @param guests the guest ids the build is for (dependencies are pulled in by the planner)
 * @param dryRun when true, agents only observe and report what they would do
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildRequest(String requestId, String action, List<Integer> guests, Boolean dryRun) {

  public static final String CREATE = "create";
  public static final String DESTROY = "destroy";

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }
}
