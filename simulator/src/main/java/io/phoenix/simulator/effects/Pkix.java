package io.phoenix.simulator.effects;

import io.phoenix.simulator.world.Guest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM reading for the simulated guests' keys and certificates (BouncyCastle). */
final class Pkix {

  private Pkix() {}

  static Optional<PrivateKey> privateKey(Guest guest, String path) {
    Optional<byte[]> pem = guest.files().read(path);
    if (pem.isEmpty()) {
      return Optional.empty();
    }
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem.get(), StandardCharsets.UTF_8)))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return Optional.of(converter.getKeyPair(pair).getPrivate());
      }
      if (object instanceof PrivateKeyInfo info) {
        return Optional.of(converter.getPrivateKey(info));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<PublicKey> certificateKey(Guest guest, String path) {
    Optional<byte[]> pem = guest.files().read(path);
    if (pem.isEmpty()) {
      return Optional.empty();
    }
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem.get(), StandardCharsets.UTF_8)))) {
      Object object = parser.readObject();
      if (object instanceof X509CertificateHolder holder) {
        return Optional.of(new JcaX509CertificateConverter().getCertificate(holder).getPublicKey());
      }
      return Optional.empty();
    } catch (IOException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /** Whether the first certificate at {@code certPath} is for the key at {@code keyPath}. */
  static boolean sameKey(Guest guest, String certPath, String keyPath) {
    Optional<PrivateKey> key = privateKey(guest, keyPath);
    Optional<PublicKey> pub = certificateKey(guest, certPath);
    if (key.isEmpty() || pub.isEmpty()) {
      return false;
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      String algorithm =
          key.get() instanceof java.security.interfaces.ECKey ? "SHA256withECDSA" : "SHA256withRSA";
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key.get());
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(pub.get());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
