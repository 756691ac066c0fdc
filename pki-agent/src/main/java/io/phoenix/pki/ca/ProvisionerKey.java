package io.phoenix.pki.ca;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The pki-agent's JWK provisioner key: an EC P-256 pair whose public half step-ca authorises.
 *
 * <p>{@link #publicJwk()} is the only form that leaves the agent; {@link #toString()} never shows
 * the private key. The key id is the RFC 7638 thumbprint, as {@code step crypto jwk create} makes
 * it, so step-ca finds the provisioner by {@code <name>:<kid>}.
 */
public final class ProvisionerKey {

  private final String name;
  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;
  private final String kid;

  private ProvisionerKey(String name, ECPrivateKey privateKey, ECPublicKey publicKey) {
    this.name = name;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.kid = thumbprint(publicKey);
  }

  /** A new key pair for provisioner {@code name}. */
  public static ProvisionerKey generate(String name) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new ProvisionerKey(
          name, (ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available: " + e.getMessage(), e);
    }
  }

  /** Restores a key from its PKCS#8 private and X.509 public encodings. */
  public static ProvisionerKey fromEncoded(String name, byte[] pkcs8, byte[] x509) {
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      return new ProvisionerKey(
          name,
          (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)),
          (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(x509)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an EC provisioner key: " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /** The JWK key id (RFC 7638 SHA-256 thumbprint, base64url). */
  public String kid() {
    return kid;
  }

  /** The public JWK as compact JSON: {@code {"kty","crv","x","y","kid","use","alg"}}. */
  public String publicJwk() {
    return "{\"use\":\"sig\",\"kty\":\"EC\",\"kid\":\"%s\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"x\":\"%s\",\"y\":\"%s\"}"
        .formatted(kid, x(publicKey), y(publicKey));
  }

  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** For signing tokens and for the secret store only. */
  ECPrivateKey privateKey() {
    return privateKey;
  }

  /** The private key's PKCS#8 encoding, to seal in the secret store. */
  public byte[] encodedPrivateKey() {
    return privateKey.getEncoded();
  }

  public byte[] encodedPublicKey() {
    return publicKey.getEncoded();
  }

  @Override
  public String toString() {
    return "ProvisionerKey[name=" + name + ", kid=" + kid + "]";
  }

  private static String thumbprint(ECPublicKey key) {
    // RFC 7638: the required members in lexicographic order, no whitespace.
    String canonical =
        "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}".formatted(x(key), y(key));
    try {
      return base64Url(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String x(ECPublicKey key) {
    return base64Url(fixedLength(key.getW().getAffineX()));
  }

  private static String y(ECPublicKey key) {
    return base64Url(fixedLength(key.getW().getAffineY()));
  }

  /** A P-256 coordinate as exactly 32 big-endian bytes (RFC 7518 section 6.2.1.2). */
  private static byte[] fixedLength(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length == 32) {
      return bytes;
    }
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return fixed;
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProvisionerKey that
        && name.equals(that.name)
        && Arrays.equals(publicKey.getEncoded(), that.publicKey.getEncoded());
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + kid.hashCode();
  }
}
