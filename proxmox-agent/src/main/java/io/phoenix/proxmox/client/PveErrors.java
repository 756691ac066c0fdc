package io.phoenix.proxmox.client;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Types a Proxmox failure from its status and text (the texts are pve-container's, qemu-server's
 * and pve-storage's; {@code docs/proxmox-agent.md} lists them).
 */
final class PveErrors {

  /**
   * 500 texts (lower case) that name a refusal no retry changes: the request itself, the storage
   * layout or the guest's state must change first. Checked after the lock, exists and running
   * texts, so "unable to create VM 1001 - ... got timeout" stays a lock timeout.
   */
  private static final List<String> PERMANENT_HINTS =
      List.of(
          // storage layout and content
          "non-shared storage",
          "uses local storage",
          "does not support",
          "does not allow content type",
          "no space left",
          // request values
          "unable to parse",
          "invalid",
          "wrong",
          "not allowed",
          "read-only option",
          "unknown setting",
          "only root",
          "permission",
          "refused",
          // what the guest's state forbids
          "unable to shrink",
          "already at specified size",
          "not supported",
          "not available",
          "only possible from a snapshot",
          "contains snapshots",
          "you can't",
          "can't convert",
          "cannot clone",
          "is a template",
          "no such",
          "not configured",
          "name or service not known");

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
    // A 500 without a known text is what a crashed worker, an overloaded pveproxy or a changed
    // config digest answers; a task (status 0) that failed for an unknown reason is not retried.
    return status >= 500 ? new PveException.Transient(e) : new PveException.Failed(e);
  }

  /**
   * Whether a TLS failure is a refusal of the server (its certificate failed the pin, the CA file
   * or the host name, or the handshake could not agree on a protocol): true; or a connection that
   * was reset or closed under the TLS layer (a pveproxy restart, a dropped link): false.
   */
  static boolean tlsRefusal(SSLException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return true;
    }
    boolean brokenConnection = false;
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof GeneralSecurityException) {
        return true; // CertificateException, CertPathValidatorException...
      }
      if (cause instanceof IOException && !(cause instanceof SSLException)) {
        brokenConnection = true; // EOFException, SocketException
      }
    }
    if (brokenConnection) {
      return false;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("connection reset")
        || message.contains("broken pipe")
        || message.contains("closed")) {
      return false;
    }
    return e instanceof SSLHandshakeException || message.contains("unrecognized ssl message");
  }
}
