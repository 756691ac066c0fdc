package io.phoenix.service.portainer;

/**
 * Portainer answered with an error (status and its message), or could not be reached (status 0).
 */
final class PortainerException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  PortainerException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  int status() {
    return status;
  }

  boolean retryable() {
    return status == 0 || status >= 500 || status == 409 && getMessage().contains("lock");
  }
}
