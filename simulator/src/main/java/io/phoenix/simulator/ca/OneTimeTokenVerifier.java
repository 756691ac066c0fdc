package io.phoenix.simulator.ca;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a JWK provisioner's one-time token the way step-ca 0.19 does: the provisioner is found by
 * issuer and key id, then signature, times (one minute of leeway), audience (port ignored),
 * subject, and the token id is burnt so a token signs once.
 */
final class OneTimeTokenVerifier {

  /** Why a token was refused; step-ca answers every one of these with 401. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message);
    }
  }

  /** The claims step-ca uses to sign: subject and SANs (the subject when the token lists none). */
  record Claims(String subject, List<String> sans) {}

  private static final Duration LEEWAY = Duration.ofMinutes(1);

  private final JsonMapper mapper;
  private final Map<String, EcJwk> provisioners = new ConcurrentHashMap<>();
  private final Set<String> usedTokens = ConcurrentHashMap.newKeySet();
  private final List<String> audienceHosts;
  private final Instant startTime;

  OneTimeTokenVerifier(JsonMapper mapper, List<String> audienceHosts, Instant startTime) {
    this.mapper = mapper;
    this.audienceHosts = List.copyOf(audienceHosts);
    this.startTime = startTime;
  }

  void authorize(String name, EcJwk key) {
    provisioners.put(name + ":" + key.kid(), key);
  }

  Map<String, EcJwk> provisioners() {
    return Map.copyOf(provisioners);
  }

  Claims verify(String token, Instant now) throws Rejected {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Rejected("error parsing token");
    }
    JsonNode header = json(parts[0]);
    JsonNode claims = json(parts[1]);
    Instant issuedAt = time(claims, "iat");
    if (issuedAt != null && issuedAt.isBefore(startTime)) {
      throw new Rejected("token issued before the bootstrap of certificate authority");
    }
    List<String> audience = strings(claims.path("aud"));
    String issuer = claims.path("iss").asString("");
    EcJwk key = provisioners.get(issuer + ":" + header.path("kid").asString(""));
    if (key == null || !matchesAudience(audience)) {
      throw new Rejected("provisioner not found or invalid audience " + audience);
    }
    if (!"ES256".equals(header.path("alg").asString("")) || !signatureValid(parts, key)) {
      throw new Rejected(
          "error parsing jwk claims: square/go-jose: error in cryptographic primitive");
    }
    Instant expiry = time(claims, "exp");
    Instant notBefore = time(claims, "nbf");
    if (notBefore != null && now.plus(LEEWAY).isBefore(notBefore)) {
      throw new Rejected("invalid jwk claims: token not valid yet (nbf)");
    }
    if (expiry != null && now.minus(LEEWAY).isAfter(expiry)) {
      throw new Rejected("invalid jwk claims: token is expired (exp)");
    }
    if (issuedAt != null && now.plus(LEEWAY).isBefore(issuedAt)) {
      throw new Rejected("invalid jwk claims: token issued in the future (iat)");
    }
    String subject = claims.path("sub").asString("");
    if (subject.isEmpty()) {
      throw new Rejected("jwk token subject cannot be empty");
    }
    String id = claims.path("jti").asString("");
    if (!usedTokens.add(id.isEmpty() ? sha256(token) : id)) {
      throw new Rejected("token already used");
    }
    List<String> sans = strings(claims.path("sans"));
    return new Claims(subject, sans.isEmpty() ? List.of(subject) : sans);
  }

  private boolean matchesAudience(List<String> audience) {
    for (String value : audience) {
      String stripped = stripPort(value);
      for (String host : audienceHosts) {
        if (stripped.equals("https://" + host + "/1.0/sign")
            || stripped.equals("https://" + host + "/sign")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String stripPort(String url) {
    try {
      URI uri = URI.create(url);
      return new URI(uri.getScheme(), null, uri.getHost(), -1, uri.getPath(), null, null)
          .toString();
    } catch (Exception e) {
      return url;
    }
  }

  private static boolean signatureValid(String[] parts, EcJwk key) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      verifier.initVerify(key.key());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private JsonNode json(String part) throws Rejected {
    try {
      return mapper.readTree(Base64.getUrlDecoder().decode(part));
    } catch (RuntimeException e) {
      throw new Rejected("error parsing token");
    }
  }

  private static Instant time(JsonNode claims, String name) {
    JsonNode value = claims.get(name);
    return value == null || !value.isNumber() ? null : Instant.ofEpochSecond(value.asLong());
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(value -> values.add(value.asString("")));
    } else if (node.isString()) {
      values.add(node.asString());
    }
    return values;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
