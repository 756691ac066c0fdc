package io.phoenix.simulator.world;

/**
 * A real machine operation failed ({@link GuestMachines}); its message becomes the failed task's
 * exit status, so it should read like a Proxmox worker's error.
 */
public final class MachineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MachineException(String message) {
    super(message);
  }

  public MachineException(String message, Throwable cause) {
    super(message, cause);
  }
}
