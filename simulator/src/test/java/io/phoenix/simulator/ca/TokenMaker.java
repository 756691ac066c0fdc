package io.phoenix.simulator.ca;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A JWK provisioner for tests: its key pair, public JWK, and one-time tokens as step CLI makes
 * them.
 */
final class TokenMaker {

  final String name;
  final KeyPair keys;
  final String kid;

  TokenMaker(String name) throws Exception {
    this.name = name;
    this.keys = CaHierarchy.newEcKeyPair();
    this.kid =
        b64(
            MessageDigest.getInstance("SHA-256")
                .digest(
                    ("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                            + x()
                            + "\",\"y\":\""
                            + y()
                            + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
  }

  String publicJwk() {
    return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"%s\",\"x\":\"%s\",\"y\":\"%s\"}"
        .formatted(kid, x(), y());
  }

  String token(
      String audience, String subject, List<String> sans, Instant now, long lifetimeSeconds)
      throws Exception {
    return token(audience, subject, sans, now, lifetimeSeconds, UUID.randomUUID().toString());
  }

  String token(
      String audience,
      String subject,
      List<String> sans,
      Instant now,
      long lifetimeSeconds,
      String jti)
      throws Exception {
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
    StringBuilder sanJson = new StringBuilder("[");
    for (int i = 0; i < sans.size(); i++) {
      sanJson.append(i == 0 ? "" : ",").append('"').append(sans.get(i)).append('"');
    }
    sanJson.append(']');
    String claims =
        "{\"aud\":\"%s\",\"iss\":\"%s\",\"sub\":\"%s\",\"sans\":%s,\"iat\":%d,\"nbf\":%d,\"exp\":%d,\"jti\":\"%s\"}"
            .formatted(
                audience,
                name,
                subject,
                sanJson,
                now.getEpochSecond(),
                now.getEpochSecond(),
                now.getEpochSecond() + lifetimeSeconds,
                jti);
    String input =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(keys.getPrivate());
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(signer.sign());
  }

  private String x() {
    return b64(fixed(((ECPublicKey) keys.getPublic()).getW().getAffineX()));
  }

  private String y() {
    return b64(fixed(((ECPublicKey) keys.getPublic()).getW().getAffineY()));
  }

  private static byte[] fixed(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
    return out;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
