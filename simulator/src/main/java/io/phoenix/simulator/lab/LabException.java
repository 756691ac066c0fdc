package io.phoenix.simulator.lab;

/**
 * Something the lab host cannot do on this machine, with a message for the user that names what is
 * wrong and what to do about it (never a stack trace).
 */
public final class LabException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public LabException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
