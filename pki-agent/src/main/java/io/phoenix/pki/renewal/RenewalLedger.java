package io.phoenix.pki.renewal;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds the outcomes of {@code <guest>/sign/<name>} steps, in event-log order, into the {@link
 * RenewalState}s that {@link RenewalSchedule#plan} needs: a success with a {@code chain} output
 * starts a certificate afresh, a failure counts against the certificate in service (if any). Other
 * steps are ignored, so a consumer can feed it every step outcome of {@code phoenix.events}.
 *
 * <p>Not thread-safe: one consumer thread replays and follows the log.
 */
public final class RenewalLedger {

  private static final Pattern SIGN_STEP = Pattern.compile("(\\d+)/sign/(.+)");

  private final Map<String, RenewalState> states = new LinkedHashMap<>();

  /**
   * Records one step outcome.
   *
   * @param stepId the step id ({@code stepid} extension of the event)
   * @param outcome the event's data
   * @param at the event's time
   */
  public void record(String stepId, StepOutcome outcome, Instant at) {
    Matcher matcher = SIGN_STEP.matcher(stepId);
    if (!matcher.matches()) {
      return;
    }
    int guest = Integer.parseInt(matcher.group(1));
    String name = matcher.group(2);
    if (outcome instanceof StepSucceeded succeeded) {
      String chain = succeeded.outputs().get("chain");
      if (chain != null) {
        states.put(stepId, RenewalState.issued(IssuedCertificate.fromChain(guest, name, chain)));
      }
    } else if (outcome instanceof StepFailed failed) {
      RenewalState current = states.get(stepId);
      if (current != null) {
        states.put(stepId, current.failed(at, failed.reason()));
      }
    }
  }

  /** The certificate of a sign step, if one was issued. */
  public Optional<RenewalState> state(String stepId) {
    return Optional.ofNullable(states.get(stepId));
  }

  /** Every certificate in service, in the order they were first issued. */
  public List<RenewalState> states() {
    return new ArrayList<>(states.values());
  }
}
