package io.phoenix.simulator.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A TLS server certificate generated in memory at start-up, as a fresh Proxmox VE host has one
 * (pve-ssl.pem). Clients pin it by {@link #sha256Fingerprint()} or trust {@link #pem()}; the
 * private key never leaves this object.
 */
public final class SelfSignedCertificate {

  private static final Duration VALIDITY = Duration.ofDays(365);

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Generates an EC P-256 key and a certificate for {@code commonName}, valid for the given host
   * names and IP addresses (subject alternative names).
   */
  public static SelfSignedCertificate generate(String commonName, List<String> hostNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();
      X500Name subject =
          new X500Name("CN=" + commonName + ",O=PVE Cluster Node,OU=Phoenix simulator");
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hostNames));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new SelfSignedCertificate(certificate, keys.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate the simulator's TLS certificate", e);
    }
  }

  private static GeneralNames alternativeNames(List<String> hostNames) {
    List<GeneralName> names = new ArrayList<>();
    for (String name : hostNames) {
      boolean ip = name.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** The certificate, for a server's key manager. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The private key, for a server's key manager only; never log or serialise it. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** SHA-256 of the DER certificate as upper-case hex pairs joined by ':' (as PVE shows it). */
  public String sha256Fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The certificate in PEM form, for clients that trust a CA file. */
  public String pem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The host names this simulator answers on by default. */
  public static List<String> localNames() {
    String host = "localhost";
    try {
      host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      // the loopback names below are enough
    }
    return List.of("localhost", host, "127.0.0.1", "::1");
  }
}
