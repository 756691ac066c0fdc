package io.phoenix.pki.signing;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.pki.CommandParams;
import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.CaConnector;
import io.phoenix.pki.provisioner.ProvisionerKeys;
import io.phoenix.pki.provisioner.ProvisionerStepHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step {@code <guest>/sign/<certName>} ({@code phoenix.command.pki.sign}): signs the CSR the guest
 * produced (input {@code csr}) for the certificate {@code params.certificate} ({@code name}, {@code
 * commonName}, {@code sans}, {@code lifetime}) at the CA {@code params.caUrl}.
 *
 * <p>Idempotence: the effect of this step is "a valid chain for this CSR exists and was published".
 * The agent keeps no copy of issued certificates, so a re-delivered command signs the CSR again and
 * answers {@code created} with a new certificate for the same key and names. That is harmless —
 * both certificates are valid, the later event wins, and the guest installs whichever chain its
 * install step receives — and cheaper than a store of issued certificates. A dry run checks the
 * CSR's names and answers {@code would-create} without calling the CA.
 *
 * <p>Outputs: {@code chain} (PEM, leaf first), {@code notAfter} (ISO-8601), {@code serial}
 * (decimal).
 */
public final class SignStepHandler implements StepHandler {

  private static final Logger log = LoggerFactory.getLogger(SignStepHandler.class);

  private final CertificateSigner signer;
  private final CaConnector connector;

  public SignStepHandler(CertificateSigner signer, CaConnector connector) {
    this.signer = signer;
    this.connector = connector;
  }

  @Override
  public Set<String> actions() {
    return Set.of("sign");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) {
    long started = System.nanoTime();
    String csr = command.inputs().get("csr");
    if (csr == null || csr.isBlank()) {
      return StepFailures.permanent(
          StepFailures.INVALID_COMMAND,
          "input csr is missing: the guest's CSR step must run before " + context.stepId());
    }
    CertificateSpec spec;
    String caUrl;
    try {
      spec = CertificateSpec.fromParams(command.params(), command.detail());
      caUrl = CommandParams.text(command.params(), "caUrl", null);
      connector.resolve(caUrl);
    } catch (IllegalArgumentException e) {
      return StepFailures.permanent(StepFailures.INVALID_COMMAND, e.getMessage());
    }
    String provisioner =
        CommandParams.provisionerName(command.params(), ProvisionerStepHandler.DEFAULT_NAME);
    if (!ProvisionerKeys.isValidName(provisioner)) {
      return StepFailures.permanent(
          StepFailures.INVALID_COMMAND,
          "params.provisioner '" + provisioner + "' is not a valid provisioner name");
    }
    try {
      if (command.dryRun()) {
        signer.checkCsr(csr, spec);
        return new StepSucceeded(
            Outcome.WOULD_CREATE,
            List.of(
                "certificate " + spec.name() + ": sign " + spec.sans() + " for " + spec.lifetime()),
            Map.of(),
            elapsed(started));
      }
      context.progress("signing certificate " + spec.name() + " for " + spec.sans(), null);
      CertificateSigner.Signed signed = signer.sign(caUrl, provisioner, spec, csr);
      log.info(
          "signed certificate {} for guest {}: serial {}, names {}, valid until {}",
          spec.name(),
          command.guest(),
          signed.serial(),
          spec.sans(),
          signed.notAfter());
      return new StepSucceeded(
          Outcome.CREATED,
          List.of("certificate " + spec.name() + ": serial " + signed.serial()),
          Map.of(
              "chain", signed.chain().pem(),
              "notAfter", signed.notAfter().toString(),
              "serial", signed.serial()),
          elapsed(started));
    } catch (PkiFailure failure) {
      log.warn(
          "signing certificate {} failed: {} {}",
          spec.name(),
          failure.reason(),
          failure.getMessage());
      return failure.toStepFailed();
    }
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
