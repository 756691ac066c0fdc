package io.phoenix.orchestrator.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.phoenix.common.contract.BuildRequest;
import java.util.List;

/**
 * A record on {@code phoenix.build.requests} as the orchestrator reads it: the contract's {@link
 * BuildRequest} ({@code create}, {@code destroy}) plus the operator actions {@code cancel} and
 * {@code retry}, which name the build in {@code buildId}.
 *
 * <p>{@code {"action":"cancel","buildId":"b-1a2b...","reason":"wrong inventory"}}
 *
 * @param requestId the client's id; a repeated one never starts a second build
 * @param action {@code create}, {@code destroy}, {@code cancel} or {@code retry}
 * @param guests for create and destroy: the guests
 * @param dryRun for create and destroy: agents only observe
 * @param buildId for cancel and retry: the build
 * @param reason for cancel: why, shown in the cancelled event
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestMessage(
    String requestId,
    String action,
    List<Integer> guests,
    Boolean dryRun,
    String buildId,
    String reason) {

  public static final String CANCEL = "cancel";
  public static final String RETRY = "retry";

  public RequestMessage {
    // A request that only lists guests creates them (docs/schema/build-request.schema.json).
    if (action == null && guests != null) {
      action = BuildRequest.CREATE;
    }
  }

  /** A create or destroy request. */
  public static RequestMessage of(BuildRequest request) {
    return new RequestMessage(
        request.requestId(), request.action(), request.guests(), request.dryRun(), null, null);
  }

  public BuildRequest toBuildRequest() {
    return new BuildRequest(requestId, action, guests, dryRun);
  }

  boolean startsBuild() {
    return BuildRequest.CREATE.equals(action) || BuildRequest.DESTROY.equals(action);
  }
}
