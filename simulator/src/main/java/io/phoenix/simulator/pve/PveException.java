package io.phoenix.simulator.pve;

import java.util.Map;

/** A Proxmox API error: status, the message (its first line becomes the reason phrase), errors. */
final class PveException extends RuntimeException {

  private final int status;
  private final transient Map<String, String> errors;

  PveException(int status, String message, Map<String, String> errors) {
    super(message, null, false, false);
    this.status = status;
    this.errors = errors == null ? Map.of() : Map.copyOf(errors);
  }

  /** A plain failure: HTTP 500 with the message, as Proxmox reports every die(). */
  static PveException fail(String message) {
    return new PveException(500, message, Map.of());
  }

  /** HTTP 400 "Parameter verification failed." with per-parameter errors. */
  static PveException invalid(Map<String, String> errors) {
    return new PveException(400, "Parameter verification failed.", errors);
  }

  /** HTTP 400 for one parameter. */
  static PveException invalid(String parameter, String error) {
    return invalid(Map.of(parameter, error));
  }

  /** HTTP 403 "Permission check failed (...)". */
  static PveException forbidden(String why) {
    return new PveException(403, "Permission check failed (" + why + ")", Map.of());
  }

  int status() {
    return status;
  }

  Map<String, String> errors() {
    return errors;
  }
}
