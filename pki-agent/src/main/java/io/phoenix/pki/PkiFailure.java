package io.phoenix.pki;

import io.phoenix.common.contract.StepFailed;
import java.util.Map;

/**
 * A failure the pki-agent understands, typed where it happens: a stable reason code and whether
 * another attempt may succeed. Handlers turn it into a {@link StepFailed}. Messages never carry a
 * token or a key.
 */
public final class PkiFailure extends Exception {

  /** The CA did not answer, or answered 5xx. Retryable. */
  public static final String CA_UNAVAILABLE = "CA_UNAVAILABLE";

  /** The CA refused the one-time token (401): it does not know this provisioner key. */
  public static final String PROVISIONER_REJECTED = "PROVISIONER_REJECTED";

  /** The CA refused the one-time token (401) and its clock is outside the token's validity. */
  public static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";

  /**
   * The CA refused to sign (403): the CSR does not match the token, or the lifetime is out of
   * bounds.
   */
  public static final String CA_FORBIDDEN = "CA_FORBIDDEN";

  /** The CA found the request malformed (400). */
  public static final String CA_BAD_REQUEST = "CA_BAD_REQUEST";

  /** The root does not match its fingerprint, or the CA's TLS chain does not lead to the pin. */
  public static final String ROOT_MISMATCH = "ROOT_MISMATCH";

  /** TLS to the CA failed for a reason other than the chain (e.g. the host name). */
  public static final String TLS_FAILED = "TLS_FAILED";

  /** No root is pinned yet: {@code 103/pin-root} has not run. */
  public static final String ROOT_NOT_PINNED = "ROOT_NOT_PINNED";

  /** The provisioner key does not exist yet: {@code 103/provisioner} has not run. */
  public static final String PROVISIONER_MISSING = "PROVISIONER_MISSING";

  /** The CSR asks for a name the inventory does not list for this certificate. */
  public static final String CSR_NAMES_NOT_ALLOWED = "CSR_NAMES_NOT_ALLOWED";

  /** The CSR cannot be read, its signature does not verify, or it lacks wanted names. */
  public static final String INVALID_CSR = "INVALID_CSR";

  /** The CA answered with a chain that does not match the CSR or does not lead to the pin. */
  public static final String CHAIN_INVALID = "CHAIN_INVALID";

  /** The secret store cannot be read or written (wrong key, corrupt file, disk). */
  public static final String SECRET_STORE = "SECRET_STORE";

  private final String reason;
  private final boolean retryable;

  public PkiFailure(String reason, String message, boolean retryable) {
    super(message);
    this.reason = reason;
    this.retryable = retryable;
  }

  public PkiFailure(String reason, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The step outcome for this failure. */
  public StepFailed toStepFailed() {
    return new StepFailed(reason, getMessage(), retryable, Map.of());
  }
}
