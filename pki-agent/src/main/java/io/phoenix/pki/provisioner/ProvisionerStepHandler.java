package io.phoenix.pki.provisioner;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.pki.CommandParams;
import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.ProvisionerKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step {@code 103/provisioner} ({@code phoenix.command.pki.provisioner}): makes sure the JWK
 * provisioner key pair exists in the secret store and publishes its public JWK for the {@code
 * step_ca} feature to authorise.
 *
 * <p>Idempotent on the provisioner name: the first run creates the key ({@code created}), every
 * later run — a re-delivered command, a new build — finds it and answers {@code noop} with the same
 * public key. Params: {@code {"provisioner": {"name": "<name>"}}} (or the name as a plain string;
 * default {@value #DEFAULT_NAME}). Outputs: {@code provisionerName}, {@code provisionerJwk} (public
 * JWK, compact JSON), {@code provisionerKid}.
 */
public final class ProvisionerStepHandler implements StepHandler {

  /** The provisioner name when the params name none. */
  public static final String DEFAULT_NAME = "phoenix-pki-agent";

  private static final Logger log = LoggerFactory.getLogger(ProvisionerStepHandler.class);

  private final ProvisionerKeys keys;

  public ProvisionerStepHandler(ProvisionerKeys keys) {
    this.keys = keys;
  }

  @Override
  public Set<String> actions() {
    return Set.of("provisioner");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) {
    long started = System.nanoTime();
    String name = CommandParams.provisionerName(command.params(), DEFAULT_NAME);
    if (!ProvisionerKeys.isValidName(name)) {
      return StepFailures.permanent(
          StepFailures.INVALID_COMMAND,
          "params.provisioner '"
              + name
              + "' is not a valid provisioner name: use letters, digits,"
              + " '.', '_' and '-'");
    }
    try {
      if (command.dryRun()) {
        Optional<ProvisionerKey> existing = keys.find(name);
        return existing
            .map(key -> succeeded(Outcome.NOOP, List.of(), key, started))
            .orElseGet(
                () ->
                    new StepSucceeded(
                        Outcome.WOULD_CREATE,
                        List.of("provisioner key " + name + ": none -> EC P-256"),
                        Map.of("provisionerName", name),
                        elapsed(started)));
      }
      ProvisionerKeys.Ensured ensured = keys.ensure(name);
      ProvisionerKey key = ensured.key();
      if (ensured.created()) {
        log.info("created provisioner key {} (kid {})", name, key.kid());
        return succeeded(
            Outcome.CREATED,
            List.of("provisioner key " + name + ": none -> EC P-256"),
            key,
            started);
      }
      log.info("provisioner key {} exists (kid {})", name, key.kid());
      return succeeded(Outcome.NOOP, List.of(), key, started);
    } catch (PkiFailure failure) {
      return failure.toStepFailed();
    }
  }

  private static StepSucceeded succeeded(
      Outcome outcome, List<String> changes, ProvisionerKey key, long started) {
    return new StepSucceeded(
        outcome,
        changes,
        Map.of(
            "provisionerName", key.name(),
            "provisionerJwk", key.publicJwk(),
            "provisionerKid", key.kid()),
        elapsed(started));
  }

  static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
