package io.phoenix.common.agent;

import io.phoenix.common.contract.StepFailed;
import java.util.Map;

/** Builds {@link StepFailed} outcomes with the common reason codes. */
public final class StepFailures {

  /** An error in the agent itself; retrying will not help. */
  public static final String INTERNAL = "INTERNAL";

  /** The command asks for something the agent does not serve. */
  public static final String UNSUPPORTED = "UNSUPPORTED";

  /** The command's parameters or inputs are wrong or missing. */
  public static final String INVALID_COMMAND = "INVALID_COMMAND";

  private StepFailures() {}

  public static StepFailed retryable(String reason, String message) {
    return new StepFailed(reason, message, true, Map.of());
  }

  public static StepFailed permanent(String reason, String message) {
    return new StepFailed(reason, message, false, Map.of());
  }

  public static StepFailed permanent(String reason, String message, Map<String, String> details) {
    return new StepFailed(reason, message, false, details);
  }
}
