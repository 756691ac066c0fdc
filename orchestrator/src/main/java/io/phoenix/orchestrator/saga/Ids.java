package io.phoenix.orchestrator.saga;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Deterministic identifiers: the same decision always yields the same ids, so a replay can compare
 * decisions exactly and a consumer can de-duplicate by id.
 */
final class Ids {

  private Ids() {}

  /** A name-based UUID of {@code parts}. */
  static String of(Object... parts) {
    StringBuilder name = new StringBuilder();
    for (Object part : parts) {
      name.append(part).append('|');
    }
    return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A number in [0, 1) derived from {@code seed}. */
  static double unitInterval(String seed) {
    byte[] digest = sha256(seed);
    long bits = 0;
    for (int i = 0; i < 7; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    return bits / (double) (1L << 56);
  }

  /** A W3C traceparent whose trace id is the build's and whose span id is the record's. */
  static String traceparent(String buildId, String recordId) {
    HexFormat hex = HexFormat.of();
    String trace = hex.formatHex(sha256("trace|" + buildId)).substring(0, 32);
    String span = hex.formatHex(sha256("span|" + recordId)).substring(0, 16);
    return "00-" + trace + "-" + span + "-01";
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
