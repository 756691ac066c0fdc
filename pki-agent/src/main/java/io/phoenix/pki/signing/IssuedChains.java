package io.phoenix.pki.signing;

import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chains this agent issued, one per sign step id, so that a second build (or a re-delivered
 * command) with the same CSR answers {@code noop} with the same certificate instead of a new one.
 *
 * <p>A chain is public data; it lives in the agent's {@link SecretStore} anyway (file {@code
 * issued-chain-<sha256(stepId)>}) because that store already gives atomic writes, owner-only files
 * and a tamper check, and a backup of the store directory then carries everything the agent
 * remembers. Only the latest chain per step id is kept: a new signature replaces it.
 */
public final class IssuedChains {

  /**
   * What was issued for one step.
   *
   * @param stepId the sign step id, e.g. {@code 101/sign/nginx}
   * @param publicKeySha256 hex SHA-256 of the CSR's public key (SubjectPublicKeyInfo DER)
   * @param commonName the CSR's subject common name
   * @param sans the CSR's subject alternative names, normalised and sorted
   * @param chain the chain, PEM, leaf first
   */
  record Issued(
      String stepId, String publicKeySha256, String commonName, List<String> sans, String chain) {

    Issued {
      sans = List.copyOf(sans);
    }
  }

  private static final String PREFIX = "issued-chain-";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SecretStore store;

  public IssuedChains(SecretStore store) {
    this.store = store;
  }

  /** The chain last issued for {@code stepId}, if any. */
  Optional<Issued> find(String stepId) throws PkiFailure {
    Optional<byte[]> stored = store.read(fileName(stepId));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Issued issued;
    try {
      issued = JSON.readValue(stored.get(), Issued.class);
    } catch (JacksonException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE,
          "the issued chain of step " + stepId + " in the store cannot be read: " + e.getMessage(),
          false);
    }
    // The file name is a hash: make sure the entry really belongs to this step.
    return stepId.equals(issued.stepId()) ? Optional.of(issued) : Optional.empty();
  }

  /**
   * Every chain remembered, by sign step id (e.g. {@code 101/sign/nginx} to its PEM chain, leaf
   * first), for the renewal trigger. An entry that cannot be read fails the whole call: a store
   * that was tampered with must not silently stop renewals.
   */
  public Map<String, String> chainsByStep() throws PkiFailure {
    Map<String, String> chains = new LinkedHashMap<>();
    for (String name : store.names(PREFIX)) {
      Optional<byte[]> stored = store.read(name);
      if (stored.isEmpty()) {
        continue; // replaced or removed between listing and reading
      }
      Issued issued;
      try {
        issued = JSON.readValue(stored.get(), Issued.class);
      } catch (JacksonException e) {
        throw new PkiFailure(
            PkiFailure.SECRET_STORE,
            "the issued chain " + name + " in the store cannot be read: " + e.getMessage(),
            false);
      }
      if (name.equals(fileName(issued.stepId()))) {
        chains.put(issued.stepId(), issued.chain());
      }
    }
    return chains;
  }

  /** Remembers {@code issued}, replacing what was issued for the same step before. */
  void remember(Issued issued) throws PkiFailure {
    store.write(fileName(issued.stepId()), JSON.writeValueAsBytes(issued));
  }

  /** Hex SHA-256 of a public key's DER encoding, the value {@link Issued} compares. */
  static String fingerprint(PublicKey key) {
    return HexFormat.of().formatHex(sha256(key.getEncoded()));
  }

  private static String fileName(String stepId) {
    return PREFIX + HexFormat.of().formatHex(sha256(stepId.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
