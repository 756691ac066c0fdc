package io.phoenix.pki.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/** What {@code POST /1.0/sign} returned: the leaf first, then the intermediates. */
public record SignedChain(List<X509Certificate> certificates) {

  public SignedChain {
    certificates = List.copyOf(certificates);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("an empty certificate chain");
    }
  }

  public X509Certificate leaf() {
    return certificates.get(0);
  }

  public String pem() {
    return PemCertificates.write(certificates);
  }
}
