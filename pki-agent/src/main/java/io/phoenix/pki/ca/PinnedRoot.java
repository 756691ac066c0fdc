package io.phoenix.pki.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The CA root the pki-agent trusts: the only trust anchor for TLS to the CA and for the chains it
 * returns.
 *
 * @param certificate the root certificate
 * @param fingerprint lower-case hex SHA-256 of its DER
 */
public record PinnedRoot(X509Certificate certificate, String fingerprint) {

  /** The root in {@code pem}; IllegalArgumentException if it is not exactly one certificate. */
  public static PinnedRoot fromPem(String pem) {
    List<X509Certificate> certificates = PemCertificates.parse(pem);
    if (certificates.size() != 1) {
      throw new IllegalArgumentException(
          "expected one root certificate, found " + certificates.size());
    }
    X509Certificate root = certificates.get(0);
    return new PinnedRoot(root, PemCertificates.fingerprint(root));
  }

  public String pem() {
    return PemCertificates.write(List.of(certificate));
  }
}
