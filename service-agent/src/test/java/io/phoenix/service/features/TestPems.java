package io.phoenix.service.features;

import io.phoenix.simulator.ca.CaHierarchy;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/** A root certificate and a public JWK, generated at run time. */
final class TestPems {

  static final String ROOT = CaHierarchy.generate("Test Root", Instant.now()).rootPem();
  static final String JWK = publicJwk();

  private TestPems() {}

  static String publicJwk() {
    try {
      KeyPair pair = CaHierarchy.newEcKeyPair();
      ECPublicKey key = (ECPublicKey) pair.getPublic();
      return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"test\","
          + "\"x\":\""
          + b64(key.getW().getAffineX().toByteArray())
          + "\",\"y\":\""
          + b64(key.getW().getAffineY().toByteArray())
          + "\"}";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] unsigned) {
    byte[] fixed = new byte[32];
    byte[] trimmed =
        unsigned.length > 32
            ? Arrays.copyOfRange(unsigned, unsigned.length - 32, unsigned.length)
            : unsigned;
    System.arraycopy(trimmed, 0, fixed, 32 - trimmed.length, trimmed.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }
}
