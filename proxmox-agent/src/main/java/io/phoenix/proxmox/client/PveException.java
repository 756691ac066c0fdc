package io.phoenix.proxmox.client;

import java.util.List;
import java.util.Map;

/**
 * A failed Proxmox VE call or task, typed by what went wrong. The message is Proxmox's own text
 * (from the reason phrase, the body's {@code message} and {@code errors}, or the task's exit
 * status) and never holds a credential.
 */
public abstract sealed class PveException extends RuntimeException
    permits PveException.NotFound,
        PveException.AlreadyExists,
        PveException.Locked,
        PveException.LockTimeout,
        PveException.AlreadyRunning,
        PveException.NotRunning,
        PveException.PermissionDenied,
        PveException.InvalidRequest,
        PveException.Transient,
        PveException.AuthFailed,
        PveException.TaskTimedOut,
        PveException.Failed {

  private final transient PveError error;

  PveException(PveError error) {
    super(error.describe());
    this.error = error;
  }

  PveException(PveError error, Throwable cause) {
    super(error.describe(), cause);
    this.error = error;
  }

  /** HTTP status, or 0 for a task that failed or a connection that broke. */
  public int status() {
    return error.status();
  }

  /** Proxmox's text, first line first. */
  public String text() {
    return error.text();
  }

  /** Per-parameter validation messages (400), else empty. */
  public Map<String, String> errors() {
    return error.errors();
  }

  /** The last lines of the task log when a task failed, else empty. */
  public List<String> logTail() {
    return error.logTail();
  }

  /** A stable reason code for a {@code StepFailed}, e.g. {@code PVE_LOCKED}. */
  public abstract String reason();

  /** Whether trying again later may succeed. */
  public abstract boolean retryable();

  /** 500 "... does not exist", 404. */
  public static final class NotFound extends PveException {
    NotFound(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_NOT_FOUND";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** 500 "CT 103 already exists on node 'pve'". */
  public static final class AlreadyExists extends PveException {
    AlreadyExists(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_ALREADY_EXISTS";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** 500 "CT is locked (disk)": another operation holds the guest. */
  public static final class Locked extends PveException {
    Locked(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_LOCKED";
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** 500 "can't lock file '...' - got timeout". */
  public static final class LockTimeout extends PveException {
    LockTimeout(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_LOCK_TIMEOUT";
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** "CT 103 already running" (LXC: 500; QEMU: the start task fails). */
  public static final class AlreadyRunning extends PveException {
    AlreadyRunning(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_ALREADY_RUNNING";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** "... not running" (a guest, or the QEMU guest agent). */
  public static final class NotRunning extends PveException {
    NotRunning(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_NOT_RUNNING";
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** 403: the user or token lacks a privilege, or the action is reserved to root@pam. */
  public static final class PermissionDenied extends PveException {
    PermissionDenied(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_PERMISSION";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** 400 "Parameter verification failed." (see {@link #errors()}), 501 unknown path. */
  public static final class InvalidRequest extends PveException {
    InvalidRequest(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_INVALID";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** 502-504, 595-599 (596 "Connection timed out"), unexplained 500s, broken connections. */
  public static final class Transient extends PveException {
    Transient(PveError e) {
      super(e);
    }

    Transient(PveError e, Throwable cause) {
      super(e, cause);
    }

    @Override
    public String reason() {
      return "PVE_UNAVAILABLE";
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** 401, a refused login, or a TLS peer that failed verification. */
  public static final class AuthFailed extends PveException {
    AuthFailed(PveError e) {
      super(e);
    }

    AuthFailed(PveError e, Throwable cause) {
      super(e, cause);
    }

    @Override
    public String reason() {
      return "PVE_AUTH";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** The task was still running when the wait limit for its type ran out. */
  public static final class TaskTimedOut extends PveException {
    TaskTimedOut(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_TASK_TIMEOUT";
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** Any other refusal: Proxmox said no for a reason another attempt will not change. */
  public static final class Failed extends PveException {
    Failed(PveError e) {
      super(e);
    }

    @Override
    public String reason() {
      return "PVE_FAILED";
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
