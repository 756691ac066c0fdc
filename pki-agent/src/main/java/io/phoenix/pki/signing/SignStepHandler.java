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
import io.phoenix.pki.ca.PemCertificates;
import io.phoenix.pki.ca.SignedChain;
import io.phoenix.pki.provisioner.ProvisionerKeys;
import io.phoenix.pki.provisioner.ProvisionerStepHandler;
import io.phoenix.pki.renewal.IssuedCertificate;
import io.phoenix.pki.renewal.RenewalSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step {@code <guest>/sign/<certName>} ({@code phoenix.command.pki.sign}): signs the CSR the guest
 * produced (input {@code csr}) for the certificate {@code params.certificate} ({@code name}, {@code
 * commonName}, {@code sans}, {@code lifetime}) at the CA {@code params.caUrl}.
 *
 * <p>Idempotence: the agent remembers the chain it issued per step id ({@link IssuedChains}). When
 * the CSR has the same public key (SHA-256 compared), the same subject common name and the same
 * SANs as the one it signed for this step, and that certificate is still before its renewal point
 * (two-thirds of its lifetime, {@link RenewalSchedule}) and still checks out against the pinned
 * root, the step answers {@code noop} with the same {@code chain}, {@code notAfter} and {@code
 * serial}. So a second build, and a re-delivered command, change nothing. Otherwise it signs anew
 * and answers {@code created}. A dry run answers {@code noop} in the first case and {@code
 * would-create} (after checking the CSR's names, without calling the CA) in the second.
 *
 * <p>Outputs: {@code chain} (PEM, leaf first), {@code notAfter} (ISO-8601), {@code serial}
 * (decimal).
 */
public final class SignStepHandler implements StepHandler {

  private static final Logger log = LoggerFactory.getLogger(SignStepHandler.class);

  private final CertificateSigner signer;
  private final CaConnector connector;
  private final IssuedChains issued;
  private final RenewalSchedule schedule;
  private final Clock clock;

  /**
   * @param issued where the chains this agent issued are remembered
   * @param schedule decides when a remembered certificate is due for renewal (then: sign anew)
   * @param clock the time to compare with that renewal point
   */
  public SignStepHandler(
      CertificateSigner signer,
      CaConnector connector,
      IssuedChains issued,
      RenewalSchedule schedule,
      Clock clock) {
    this.signer = signer;
    this.connector = connector;
    this.issued = issued;
    this.schedule = schedule;
    this.clock = clock;
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
      CsrCheck.Checked request = CsrCheck.check(csr, spec);
      Optional<CertificateSigner.Signed> kept =
          reusable(context.stepId(), command.guest(), request, spec);
      if (kept.isPresent()) {
        return new StepSucceeded(
            Outcome.NOOP,
            List.of(
                "certificate "
                    + spec.name()
                    + ": serial "
                    + kept.get().serial()
                    + " for this CSR is valid until "
                    + kept.get().notAfter()),
            outputs(kept.get()),
            elapsed(started));
      }
      if (command.dryRun()) {
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
      remember(context.stepId(), request, signed);
      return new StepSucceeded(
          Outcome.CREATED,
          List.of("certificate " + spec.name() + ": serial " + signed.serial()),
          outputs(signed),
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

  /** The certificate issued earlier for this step and CSR, if it need not be renewed yet. */
  private Optional<CertificateSigner.Signed> reusable(
      String stepId, int guest, CsrCheck.Checked request, CertificateSpec spec) throws PkiFailure {
    Optional<IssuedChains.Issued> earlier;
    try {
      earlier = issued.find(stepId);
    } catch (PkiFailure unreadable) {
      // Losing the memory costs one extra certificate, never a failed step.
      log.warn("signing {} anew: {}", stepId, unreadable.getMessage());
      return Optional.empty();
    }
    if (earlier.isEmpty()
        || !earlier.get().publicKeySha256().equals(IssuedChains.fingerprint(request.publicKey()))
        || !earlier.get().commonName().equals(request.commonName())
        || !earlier.get().sans().equals(sorted(request.sans()))) {
      return Optional.empty();
    }
    SignedChain chain;
    try {
      chain = new SignedChain(PemCertificates.parse(earlier.get().chain()));
    } catch (IllegalArgumentException unreadable) {
      log.warn("signing {} anew: the remembered chain cannot be read", stepId);
      return Optional.empty();
    }
    Optional<CertificateSigner.Signed> valid = signer.stillValid(chain, request.publicKey(), spec);
    if (valid.isEmpty()) {
      return Optional.empty();
    }
    Instant renewAt =
        schedule.renewAt(
            new IssuedCertificate(
                guest, spec.name(), valid.get().notBefore(), valid.get().notAfter()));
    return clock.instant().isBefore(renewAt) ? valid : Optional.empty();
  }

  private void remember(String stepId, CsrCheck.Checked request, CertificateSigner.Signed signed) {
    try {
      issued.remember(
          new IssuedChains.Issued(
              stepId,
              IssuedChains.fingerprint(request.publicKey()),
              request.commonName(),
              sorted(request.sans()),
              signed.chain().pem()));
    } catch (PkiFailure failure) {
      // The certificate is valid and published; the next build merely signs once more.
      log.warn(
          "certificate for {} issued but not remembered ({}); the next build signs it again",
          stepId,
          failure.getMessage());
    }
  }

  private static List<String> sorted(Set<String> names) {
    return List.copyOf(new TreeSet<>(names));
  }

  private static Map<String, String> outputs(CertificateSigner.Signed signed) {
    return Map.of(
        "chain", signed.chain().pem(),
        "notAfter", signed.notAfter().toString(),
        "serial", signed.serial());
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
