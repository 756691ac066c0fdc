package io.phoenix.service.pem;

import io.phoenix.service.scripts.StepAbort;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Reading and writing PEM certificates, and refusing anything that carries a private key. */
public final class Pem {

  private Pem() {}

  /** Whether {@code text} holds a PEM private key of any kind. */
  public static boolean hasPrivateKey(String text) {
    return text != null && text.contains("PRIVATE KEY");
  }

  /** The certificates in {@code pem} (at least one), or an invalid-command failure naming it. */
  public static List<X509Certificate> certificates(String what, String pem) throws StepAbort {
    if (hasPrivateKey(pem)) {
      throw StepAbort.invalid(what + " holds a private key: only certificates may travel");
    }
    try {
      List<X509Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certificates.isEmpty()) {
        throw StepAbort.invalid(what + " holds no certificate");
      }
      return certificates;
    } catch (GeneralSecurityException e) {
      throw StepAbort.invalid(what + " is not a PEM certificate: " + e.getMessage());
    }
  }

  /** The first certificate of {@code pem}. */
  public static X509Certificate firstCertificate(String what, String pem) throws StepAbort {
    return certificates(what, pem).get(0);
  }

  /** {@code pem} re-encoded (normalised), after checking it holds only certificates. */
  public static String requireCertificates(String what, String pem) throws StepAbort {
    StringBuilder out = new StringBuilder();
    for (Certificate certificate : certificates(what, pem)) {
      out.append(encode((X509Certificate) certificate));
    }
    return out.toString();
  }

  /** One certificate as PEM. */
  public static String encode(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lower-case hex SHA-256 of the certificate's DER. */
  public static String sha256(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
