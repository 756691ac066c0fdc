package io.phoenix.pki.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mints step-ca one-time tokens for the JWK provisioner: an ES256 compact JWS with {@code iss} =
 * provisioner name, {@code aud} = the CA's sign URL, {@code sub} = common name, {@code sans}, a
 * short {@code nbf..exp} window and a random {@code jti} (step-ca burns it, so a token signs once).
 * A token is a bearer credential: it is never logged or returned.
 */
final class OneTimeToken {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A token and its validity window (the window is public; the token is not). */
  record Minted(String token, Instant notBefore, Instant expiry) {
    @Override
    public String toString() {
      return "OneTimeToken[notBefore=" + notBefore + ", expiry=" + expiry + "]";
    }
  }

  private OneTimeToken() {}

  static Minted mint(
      ProvisionerKey key,
      String audience,
      String subject,
      List<String> sans,
      String rootFingerprint,
      Instant now,
      Duration lifetime) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "ES256");
    header.put("kid", key.kid());
    header.put("typ", "JWT");
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    Instant expiry = now.plus(lifetime);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", audience);
    claims.put("exp", expiry.getEpochSecond());
    claims.put("iat", now.getEpochSecond());
    claims.put("iss", key.name());
    claims.put("jti", HexFormat.of().formatHex(id));
    claims.put("nbf", now.getEpochSecond());
    claims.put("sans", sans);
    claims.put("sha", rootFingerprint);
    claims.put("sub", subject);
    String signingInput =
        ProvisionerKey.base64Url(JSON.writeValueAsBytes(header))
            + "."
            + ProvisionerKey.base64Url(JSON.writeValueAsBytes(claims));
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key.privateKey());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return new Minted(signingInput + "." + ProvisionerKey.base64Url(signer.sign()), now, expiry);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token with ES256: " + e.getMessage(), e);
    }
  }
}
