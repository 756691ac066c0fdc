package io.phoenix.common.contract;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * W3C trace context ({@code traceparent}) values, so that one build is one trace: the orchestrator
 * starts a trace per build, and every command and event derives a child span.
 */
public final class Traceparent {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Traceparent() {}

  /** A new trace: {@code 00-<32 hex trace id>-<16 hex span id>-01}. */
  public static String newTrace() {
    return "00-" + random(16) + "-" + random(8) + "-01";
  }

  /** A child span of {@code parent} in the same trace; a new trace when parent is not valid. */
  public static String child(String parent) {
    if (!isValid(parent)) {
      return newTrace();
    }
    return parent.substring(0, 36) + random(8) + parent.substring(52);
  }

  /** The 32-hex trace id of a valid value, else null. */
  public static String traceId(String value) {
    return isValid(value) ? value.substring(3, 35) : null;
  }

  public static boolean isValid(String value) {
    return value != null && value.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}
