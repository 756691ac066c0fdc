package io.phoenix.simulator.ca;

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
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A root and an intermediate CA (EC P-256, like {@code step ca init}) generated at run time, and
 * the leaf certificates they issue.
 *
 * <p>Public because a test that runs the real step-ca writes this same hierarchy into step-ca's
 * configuration (Debian's step CLI cannot create it); the emulator uses it as its own CA.
 */
public final class CaHierarchy {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair rootKeys;
  private final X509Certificate root;
  private final KeyPair intermediateKeys;
  private final X509Certificate intermediate;

  private CaHierarchy(
      KeyPair rootKeys,
      X509Certificate root,
      KeyPair intermediateKeys,
      X509Certificate intermediate) {
    this.rootKeys = rootKeys;
    this.root = root;
    this.intermediateKeys = intermediateKeys;
    this.intermediate = intermediate;
  }

  /** A fresh root ("{@code name} Root CA") and intermediate, valid ten years from {@code now}. */
  public static CaHierarchy generate(String name, Instant now) {
    try {
      KeyPair rootKeys = newEcKeyPair();
      X500Name rootName = new X500Name("CN=" + name + " Root CA");
      X509Certificate root =
          caCertificate(
              rootName,
              rootKeys.getPublic(),
              rootName,
              rootKeys,
              null,
              now,
              1,
              Duration.ofDays(3650));
      KeyPair intermediateKeys = newEcKeyPair();
      X509Certificate intermediate =
          caCertificate(
              new X500Name("CN=" + name + " Intermediate CA"),
              intermediateKeys.getPublic(),
              rootName,
              rootKeys,
              root,
              now,
              0,
              Duration.ofDays(3650));
      return new CaHierarchy(rootKeys, root, intermediateKeys, intermediate);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate the CA hierarchy: " + e.getMessage(), e);
    }
  }

  /** A new EC P-256 key pair, the key type step-ca uses by default. */
  public static KeyPair newEcKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  public X509Certificate root() {
    return root;
  }

  public X509Certificate intermediate() {
    return intermediate;
  }

  /** The intermediate's private key; it signs leaves (step-ca's {@code key} setting). */
  public PrivateKey intermediateKey() {
    return intermediateKeys.getPrivate();
  }

  /** The root's private key (only the real-step-ca test needs it, to write {@code root_ca_key}). */
  public PrivateKey rootKey() {
    return rootKeys.getPrivate();
  }

  /** The root in PEM. */
  public String rootPem() {
    return pem(root);
  }

  /** The intermediate in PEM. */
  public String intermediatePem() {
    return pem(intermediate);
  }

  /** Lower-case hex SHA-256 of the root's DER, as step-ca prints it. */
  public String rootFingerprint() {
    return fingerprint(root);
  }

  /**
   * Issues a TLS leaf (server and client auth, like step-ca's default template) for {@code
   * subjectKey}, signed by the intermediate.
   *
   * @param names DNS names and IP addresses for the subject alternative names
   */
  public X509Certificate issueLeaf(
      String commonName,
      List<String> names,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              intermediate,
              serial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name(commonName.isEmpty() ? "" : "CN=" + commonName),
              subjectKey);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(intermediate.getPublicKey()));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, generalNames(names));
      }
      return sign(builder, intermediateKeys.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
    }
  }

  /** PEM of one certificate. */
  public static String pem(X509Certificate certificate) {
    return pemObject(certificate);
  }

  /** PEM of any object BouncyCastle can write (a certificate, a private key). */
  public static String pemObject(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) with the JDK's named-curve encoding,
   * which Go's x509 package reads (BouncyCastle's SEC1 output names the curve in a way Go's parser
   * refuses).
   */
  public static String pkcs8Pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Lower-case hex SHA-256 of a certificate's DER. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static GeneralNames generalNames(List<String> names) {
    List<GeneralName> list = new ArrayList<>();
    for (String name : names) {
      list.add(
          isIpLiteral(name)
              ? new GeneralName(GeneralName.iPAddress, name)
              : new GeneralName(GeneralName.dNSName, name));
    }
    return new GeneralNames(list.toArray(GeneralName[]::new));
  }

  static boolean isIpLiteral(String name) {
    if (name.contains(":")) {
      return true;
    }
    if (!name.matches("[0-9.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static X509Certificate caCertificate(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuer,
      KeyPair issuerKeys,
      X509Certificate issuerCertificate,
      Instant now,
      int pathLength,
      Duration validity)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(validity)),
            subject,
            subjectKey);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
    if (issuerCertificate != null) {
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(issuerCertificate.getPublicKey()));
    }
    return sign(builder, issuerKeys.getPrivate());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static BigInteger serial() {
    return new BigInteger(128, RANDOM);
  }
}
