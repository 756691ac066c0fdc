package io.phoenix.service.exec;

/** The Proxmox API answered with an error status. */
final class PveApiException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  PveApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
