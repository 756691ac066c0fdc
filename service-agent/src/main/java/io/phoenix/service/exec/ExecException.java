package io.phoenix.service.exec;

/**
 * A command could not be run to its end: the guest was unreachable, the channel broke, or the
 * deadline passed. A command that ran and exited non-zero is not an exception but an {@link
 * ExecResult}.
 */
public class ExecException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The stable reason code, e.g. {@code GUEST_UNREACHABLE}, {@code DEADLINE}. */
  private final String reason;

  private final boolean retryable;

  public ExecException(String reason, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  public ExecException(String reason, String message, boolean retryable) {
    this(reason, message, retryable, null);
  }

  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The guest cannot be reached now (agent not running, container stopped, SSH down). */
  public static ExecException unreachable(GuestRef guest, String why, Throwable cause) {
    return new ExecException("GUEST_UNREACHABLE", guest + ": " + why, true, cause);
  }

  /** The command ran past its deadline and was cut off. */
  public static ExecException deadline(GuestRef guest, ExecRequest request) {
    return new ExecException(
        "DEADLINE",
        guest + ": '" + request.argv().get(0) + "' did not finish within " + request.deadline(),
        true);
  }
}
