package io.phoenix.pki.signing;

import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.CaConnector;
import io.phoenix.pki.ca.PinnedRoot;
import io.phoenix.pki.ca.ProvisionerKey;
import io.phoenix.pki.ca.SignedChain;
import io.phoenix.pki.ca.StepCaClient;
import io.phoenix.pki.provisioner.ProvisionerKeys;
import io.phoenix.pki.trust.PinnedRoots;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Signs a guest's CSR through step-ca: checks the CSR against the inventory, mints a one-time token
 * as the JWK provisioner, calls {@code POST /1.0/sign} over TLS pinned to the root, and checks the
 * returned chain (CSR key, requested SANs, PKIX to the pinned root) before handing it out.
 */
public final class CertificateSigner {

  /**
   * A checked certificate chain.
   *
   * @param chain the leaf first, then the intermediates
   * @param notBefore the leaf's start of validity
   * @param notAfter the leaf's end of validity
   * @param serial the leaf's serial number, in decimal (as {@code step certificate inspect} shows)
   */
  public record Signed(SignedChain chain, Instant notBefore, Instant notAfter, String serial) {}

  private final ProvisionerKeys keys;
  private final PinnedRoots roots;
  private final CaConnector connector;
  private final Duration tokenLifetime;
  private final Clock clock;

  public CertificateSigner(
      ProvisionerKeys keys,
      PinnedRoots roots,
      CaConnector connector,
      Duration tokenLifetime,
      Clock clock) {
    this.keys = keys;
    this.roots = roots;
    this.connector = connector;
    this.tokenLifetime = tokenLifetime;
    this.clock = clock;
  }

  /** Signs {@code csrPem} for {@code spec} with provisioner {@code provisionerName}. */
  public Signed sign(String caUrl, String provisionerName, CertificateSpec spec, String csrPem)
      throws PkiFailure {
    CsrCheck.Checked csr = CsrCheck.check(csrPem, spec);
    ProvisionerKey key =
        keys.find(provisionerName)
            .orElseThrow(
                () ->
                    new PkiFailure(
                        PkiFailure.PROVISIONER_MISSING,
                        "provisioner key '"
                            + provisionerName
                            + "' does not exist: step 103/provisioner must succeed first",
                        false));
    PinnedRoot root = roots.require();
    List<String> sans = List.copyOf(spec.normalizedSans());
    SignedChain chain;
    try (StepCaClient ca = connector.connect(caUrl, root)) {
      chain =
          ca.sign(
              key,
              csrPem,
              spec.commonName(),
              sans,
              spec.lifetime(),
              clock.instant(),
              tokenLifetime);
    }
    ChainCheck.check(chain, csr.publicKey(), spec.normalizedSans(), root, clock.instant());
    return signed(chain);
  }

  /**
   * A chain issued earlier, if it still passes the checks a new one must pass now: the CSR's key,
   * the requested SANs and PKIX to the currently pinned root (a re-pinned, rebuilt CA makes it
   * unusable). Empty when it does not; the caller then signs anew.
   */
  Optional<Signed> stillValid(SignedChain chain, PublicKey csrKey, CertificateSpec spec)
      throws PkiFailure {
    Optional<PinnedRoot> root = roots.current();
    if (root.isEmpty()) {
      return Optional.empty();
    }
    try {
      ChainCheck.check(chain, csrKey, spec.normalizedSans(), root.get(), clock.instant());
    } catch (PkiFailure stale) {
      return Optional.empty();
    }
    return Optional.of(signed(chain));
  }

  private static Signed signed(SignedChain chain) {
    return new Signed(
        chain,
        chain.leaf().getNotBefore().toInstant(),
        chain.leaf().getNotAfter().toInstant(),
        chain.leaf().getSerialNumber().toString());
  }
}
