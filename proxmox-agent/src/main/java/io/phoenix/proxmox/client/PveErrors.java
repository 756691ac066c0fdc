package io.phoenix.proxmox.client;

import java.util.List;
import java.util.Locale;

/**
 * Types a Proxmox failure from its status and text (the texts are pve-container's/qemu-server's).
 */
final class PveErrors {

  /** 500 texts that name a refusal no retry changes. */
  private static final List<String> PERMANENT_HINTS =
      List.of(
          "unable to shrink",
          "already at specified size",
          "not allowed",
          "refused",
          "only root",
          "permission",
          "invalid",
          "you can't",
          "can't convert",
          "is a template",
          "unable to parse",
          "not supported",
          "no such",
          "not configured",
          "wrong");

  private PveErrors() {}

  static PveException classify(PveError e) {
    int status = e.status();
    String text = e.text().toLowerCase(Locale.ROOT);
    if (status == 401) {
      return new PveException.AuthFailed(e);
    }
    if (status == 403) {
      return new PveException.PermissionDenied(e);
    }
    if (status == 400 || status == 501) {
      return new PveException.InvalidRequest(e);
    }
    if (status == 404) {
      return new PveException.NotFound(e);
    }
    if ((status >= 502 && status <= 504) || (status >= 595 && status <= 599)) {
      return new PveException.Transient(e);
    }
    if (text.contains("got timeout")) {
      return new PveException.LockTimeout(e);
    }
    if (text.contains("is locked")) {
      return new PveException.Locked(e);
    }
    if (text.contains("already exists")) {
      return new PveException.AlreadyExists(e);
    }
    if (text.contains("already running")) {
      return new PveException.AlreadyRunning(e);
    }
    if (text.contains("not running")) {
      return new PveException.NotRunning(e);
    }
    if (text.contains("does not exist") || text.contains("not found")) {
      return new PveException.NotFound(e);
    }
    if (PERMANENT_HINTS.stream().anyMatch(text::contains)) {
      return new PveException.Failed(e);
    }
    // A 500 without a known text is what a crashed worker or an overloaded pveproxy answers;
    // a task (status 0) that failed for an unknown reason is not retried.
    return status >= 500 ? new PveException.Transient(e) : new PveException.Failed(e);
  }
}
