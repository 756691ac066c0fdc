package io.phoenix.simulator.ca;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A provisioner's public key as a JWK (EC P-256, the key type of step's JWK provisioners). */
record EcJwk(String kid, ECPublicKey key, JsonNode json) {

  static EcJwk parse(String publicJwkJson, JsonMapper mapper) {
    JsonNode node = mapper.readTree(publicJwkJson);
    if (node.has("d")) {
      throw new IllegalArgumentException("a provisioner key must be public: the JWK has a 'd'");
    }
    if (!"EC".equals(node.path("kty").asString(""))
        || !"P-256".equals(node.path("crv").asString(""))) {
      throw new IllegalArgumentException("only EC P-256 JWKs are supported (kty EC, crv P-256)");
    }
    String kid = node.path("kid").asString("");
    if (kid.isEmpty()) {
      throw new IllegalArgumentException("the JWK has no 'kid'; step-ca finds provisioners by it");
    }
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      ECPoint point = new ECPoint(coordinate(node, "x"), coordinate(node, "y"));
      ECPublicKey key =
          (ECPublicKey)
              KeyFactory.getInstance("EC")
                  .generatePublic(
                      new ECPublicKeySpec(
                          point, parameters.getParameterSpec(ECParameterSpec.class)));
      return new EcJwk(kid, key, node);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the JWK is not a valid P-256 key: " + e.getMessage(), e);
    }
  }

  private static BigInteger coordinate(JsonNode node, String name) {
    String value = node.path(name).asString("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("the JWK has no '" + name + "'");
    }
    return new BigInteger(1, Base64.getUrlDecoder().decode(value));
  }
}
