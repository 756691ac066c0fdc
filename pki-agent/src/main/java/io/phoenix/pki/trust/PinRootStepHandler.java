package io.phoenix.pki.trust;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.CaConnector;
import io.phoenix.pki.ca.PinnedRoot;
import io.phoenix.pki.ca.StepCaClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step {@code 103/pin-root} ({@code phoenix.command.pki.pin-root}): pins the CA root that the
 * {@code step_ca} feature reported, then checks that the CA answers {@code /health} over TLS that
 * chains to it.
 *
 * <p>Inputs: {@code rootCertificate} (PEM), {@code rootFingerprint} (hex SHA-256 of the DER); the
 * fingerprint must match the certificate ({@code ROOT_MISMATCH} otherwise). Params: {@code
 * {"caUrl": "https://<103>:9000"}}. Idempotent on the root: pinning the pinned root again is {@code
 * noop}; a different root (a rebuilt CA) replaces the pin ({@code updated}). The pin is written
 * before the health check, so a CA that is still starting only makes the step retry ({@code
 * CA_UNAVAILABLE}); a CA whose TLS does not chain to the pin fails for good ({@code
 * ROOT_MISMATCH}). Outputs: {@code rootCertificate}, {@code rootFingerprint}.
 */
public final class PinRootStepHandler implements StepHandler {

  private static final Logger log = LoggerFactory.getLogger(PinRootStepHandler.class);

  private final PinnedRoots roots;
  private final CaConnector connector;

  public PinRootStepHandler(PinnedRoots roots, CaConnector connector) {
    this.roots = roots;
    this.connector = connector;
  }

  @Override
  public Set<String> actions() {
    return Set.of("pin-root");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) {
    long started = System.nanoTime();
    String pem = command.inputs().get("rootCertificate");
    String fingerprint = command.inputs().get("rootFingerprint");
    if (pem == null || pem.isBlank() || fingerprint == null || fingerprint.isBlank()) {
      return StepFailures.permanent(
          StepFailures.INVALID_COMMAND,
          "inputs rootCertificate and rootFingerprint are required (outputs of 103/feature/step_ca)");
    }
    String caUrl = command.params() == null ? null : command.params().path("caUrl").asString(null);
    PinnedRoot root;
    try {
      root = PinnedRoot.fromPem(pem);
      connector.resolve(caUrl);
    } catch (IllegalArgumentException e) {
      return StepFailures.permanent(StepFailures.INVALID_COMMAND, e.getMessage());
    }
    String wanted = fingerprint.strip().replace(":", "").toLowerCase(Locale.ROOT);
    if (!root.fingerprint().equals(wanted)) {
      return StepFailures.permanent(
          PkiFailure.ROOT_MISMATCH,
          "the root certificate's SHA-256 fingerprint is "
              + root.fingerprint()
              + " but the CA reported "
              + wanted
              + ": refusing to pin it",
          Map.of("certificateFingerprint", root.fingerprint(), "reportedFingerprint", wanted));
    }
    try {
      Optional<PinnedRoot> current = roots.current();
      boolean same = current.isPresent() && current.get().fingerprint().equals(wanted);
      Outcome outcome =
          same ? Outcome.NOOP : current.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
      List<String> changes =
          same
              ? List.of()
              : List.of(
                  "pinned root: "
                      + current.map(PinnedRoot::fingerprint).orElse("none")
                      + " -> "
                      + wanted);
      if (command.dryRun()) {
        return new StepSucceeded(
            same ? Outcome.NOOP : current.isPresent() ? Outcome.WOULD_UPDATE : Outcome.WOULD_CREATE,
            changes,
            outputs(root),
            elapsed(started));
      }
      if (!same) {
        roots.pin(root);
        log.info("pinned CA root {}", wanted);
      }
      try (StepCaClient ca = connector.connect(caUrl, root)) {
        context.progress(
            "checking the CA at " + ca.baseUrl() + " over TLS pinned to the root", null);
        ca.health();
      }
      return new StepSucceeded(outcome, changes, outputs(root), elapsed(started));
    } catch (PkiFailure failure) {
      return failure.toStepFailed();
    }
  }

  private static Map<String, String> outputs(PinnedRoot root) {
    return Map.of("rootCertificate", root.pem(), "rootFingerprint", root.fingerprint());
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
