package io.phoenix.service.scripts;

import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.service.exec.ExecException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stops a handler with the {@link StepFailed} it should answer. */
public final class StepAbort extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient StepFailed outcome;

  public StepAbort(StepFailed outcome) {
    super(outcome.message());
    this.outcome = outcome;
  }

  public StepFailed outcome() {
    return outcome;
  }

  /** The command's params or inputs are wrong: retrying the same command cannot help. */
  public static StepAbort invalid(String message) {
    return new StepAbort(StepFailures.permanent(StepFailures.INVALID_COMMAND, message));
  }

  /** A channel failure, with what the step was doing. */
  public static StepAbort of(ExecException e, Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("channelReason", e.reason());
    return new StepAbort(
        new StepFailed(
            e.reason().equals("DEADLINE") ? "DEADLINE" : "EXEC_UNAVAILABLE",
            e.getMessage(),
            e.retryable(),
            all));
  }
}
