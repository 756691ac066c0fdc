package io.phoenix.pki.signing;

import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.PinnedRoot;
import io.phoenix.pki.ca.SignedChain;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks what the CA returned before anyone installs it: the leaf carries the CSR's key and exactly
 * the requested SANs, and the chain validates with the JDK's PKIX validator up to the pinned root
 * (and no other trust anchor).
 */
final class ChainCheck {

  private ChainCheck() {}

  static void check(
      SignedChain chain, PublicKey csrKey, Set<String> wantedSans, PinnedRoot root, Instant now)
      throws PkiFailure {
    X509Certificate leaf = chain.leaf();
    if (!Arrays.equals(leaf.getPublicKey().getEncoded(), csrKey.getEncoded())) {
      throw invalid("the leaf certificate does not carry the CSR's public key");
    }
    Set<String> leafSans = sans(leaf);
    if (!leafSans.equals(wantedSans)) {
      throw invalid(
          "the leaf certificate's names " + leafSans + " are not the requested " + wantedSans);
    }
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate certificate : chain.certificates()) {
      // A CA may append the root; the trust anchor must not be part of the path.
      if (!certificate.equals(root.certificate())) {
        path.add(certificate);
      }
    }
    try {
      PKIXParameters parameters =
          new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw invalid(
          "the chain does not validate up to the pinned root "
              + root.fingerprint()
              + ": "
              + e.getMessage());
    }
  }

  private static PkiFailure invalid(String why) {
    return new PkiFailure(PkiFailure.CHAIN_INVALID, "the CA's answer is refused: " + why, false);
  }

  static Set<String> sans(X509Certificate certificate) throws PkiFailure {
    Set<String> names = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries == null) {
        return names;
      }
      for (List<?> entry : entries) {
        int type = (Integer) entry.get(0);
        String value = String.valueOf(entry.get(1));
        if (type == 7) {
          names.add(InetAddress.getByName(value).getHostAddress());
        } else {
          names.add(value.toLowerCase(Locale.ROOT));
        }
      }
      return names;
    } catch (CertificateParsingException | java.net.UnknownHostException e) {
      throw invalid("the leaf's alternative names cannot be read: " + e.getMessage());
    }
  }
}
