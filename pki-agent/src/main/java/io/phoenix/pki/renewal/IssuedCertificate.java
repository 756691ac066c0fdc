package io.phoenix.pki.renewal;

import io.phoenix.pki.ca.PemCertificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate in service, as a {@code <guest>/sign/<name>} step published it.
 *
 * @param guest the guest that holds it
 * @param name the certificate's name in the inventory
 * @param notBefore start of validity
 * @param notAfter end of validity
 */
public record IssuedCertificate(int guest, String name, Instant notBefore, Instant notAfter) {

  public IssuedCertificate {
    Objects.requireNonNull(name, "name");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "certificate " + guest + "/" + name + " ends (" + notAfter + ") before it starts");
    }
  }

  /** Reads the validity of the leaf (the first certificate) of a published {@code chain}. */
  public static IssuedCertificate fromChain(int guest, String name, String chainPem) {
    X509Certificate leaf = PemCertificates.parse(chainPem).get(0);
    return new IssuedCertificate(
        guest, name, leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
  }

  public Duration lifetime() {
    return Duration.between(notBefore, notAfter);
  }

  /** When {@code fraction} of the lifetime has passed. */
  public Instant pointInLife(double fraction) {
    return notBefore.plusMillis((long) (lifetime().toMillis() * fraction));
  }

  /** {@code <guest>/<name>}, for messages. */
  public String label() {
    return guest + "/" + name;
  }
}
