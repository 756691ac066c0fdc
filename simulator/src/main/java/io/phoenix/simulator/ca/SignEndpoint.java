package io.phoenix.simulator.ca;

import io.phoenix.common.time.GoDuration;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /1.0/sign}: step-ca's order of checks and status codes — 400 for a malformed body or
 * CSR, 401 for any token problem, 403 when the CSR does not match the token or the lifetime is out
 * of bounds, 201 with {@code crt}, {@code ca} and {@code certChain} on success.
 */
final class SignEndpoint {

  private static final Duration MIN_LIFETIME = Duration.ofMinutes(5);
  private static final Duration BACKDATE = Duration.ofMinutes(1);

  private final CaHierarchy hierarchy;
  private final OneTimeTokenVerifier tokens;
  private final StepCaEmulator.Settings settings;
  private final JsonMapper mapper;
  private final List<X509Certificate> issued = new CopyOnWriteArrayList<>();

  SignEndpoint(
      CaHierarchy hierarchy,
      OneTimeTokenVerifier tokens,
      StepCaEmulator.Settings settings,
      JsonMapper mapper) {
    this.hierarchy = hierarchy;
    this.tokens = tokens;
    this.settings = settings;
    this.mapper = mapper;
  }

  List<X509Certificate> issued() {
    return List.copyOf(issued);
  }

  CaResponse sign(byte[] requestBody) {
    JsonNode body;
    try {
      body = mapper.readTree(requestBody);
    } catch (RuntimeException e) {
      return CaResponse.error(400);
    }
    String csrPem = body.path("csr").asString("");
    String token = body.path("ott").asString("");
    if (csrPem.isEmpty() || token.isEmpty()) {
      return CaResponse.error(400);
    }
    CertificateRequest csr;
    try {
      csr = CertificateRequest.parse(csrPem);
    } catch (IllegalArgumentException e) {
      return CaResponse.error(400);
    }
    Instant now = settings.clock().instant();
    OneTimeTokenVerifier.Claims claims;
    try {
      claims = tokens.verify(token, now);
    } catch (OneTimeTokenVerifier.Rejected e) {
      return CaResponse.error(401);
    }
    if (!csr.commonName().isEmpty() && !csr.commonName().equals(claims.subject())) {
      return CaResponse.error(403);
    }
    Set<String> wanted =
        claims.sans().stream().map(CertificateRequest::normalizeName).collect(Collectors.toSet());
    if (!wanted.equals(csr.sans())) {
      return CaResponse.error(403);
    }
    Instant notAfter;
    try {
      notAfter = notAfter(body.path("notAfter").asString(""), now);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return CaResponse.error(400);
    }
    Duration lifetime = Duration.between(now, notAfter);
    if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(settings.maxLifetime()) > 0) {
      return CaResponse.error(403);
    }
    X509Certificate leaf =
        hierarchy.issueLeaf(
            claims.subject(), claims.sans(), csr.publicKey(), now.minus(BACKDATE), notAfter);
    issued.add(leaf);
    String leafPem = CaHierarchy.pem(leaf);
    String intermediatePem = hierarchy.intermediatePem();
    ObjectNode response = mapper.createObjectNode();
    response.put("crt", leafPem);
    response.put("ca", intermediatePem);
    response.putArray("certChain").add(leafPem).add(intermediatePem);
    return CaResponse.json(201, mapper.writeValueAsString(response));
  }

  /** step-ca's TimeDuration: empty, a Go duration from now, or an RFC 3339 time. */
  private Instant notAfter(String value, Instant now) {
    if (value.isEmpty()) {
      return now.plus(settings.defaultLifetime());
    }
    if (Character.isDigit(value.charAt(value.length() - 1)) || value.endsWith("Z")) {
      return Instant.parse(value);
    }
    return now.plus(GoDuration.parse(value));
  }
}
