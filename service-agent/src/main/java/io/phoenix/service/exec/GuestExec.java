package io.phoenix.service.exec;

import java.util.Optional;

/**
 * Runs commands and moves files inside a guest. Containers are reached through SSH to their node
 * ({@code pct exec}), VMs through the QEMU guest agent API; callers do not care which.
 *
 * <p>Implementations are thread-safe. None of them logs standard input or file contents: they may
 * hold keys.
 */
public interface GuestExec {

  /**
   * Runs a command and waits (at most its deadline) for it to exit.
   *
   * @throws ExecException when the guest cannot be reached or the deadline passes
   */
  ExecResult run(GuestRef guest, ExecRequest request, ExecProgress progress)
      throws ExecException, InterruptedException;

  /** Creates or replaces a file (mode 600, parent directories created). */
  void writeFile(GuestRef guest, String path, byte[] content)
      throws ExecException, InterruptedException;

  /** The file's content, or empty when it does not exist. */
  Optional<byte[]> readFile(GuestRef guest, String path) throws ExecException, InterruptedException;

  /**
   * Whether Proxmox holds the guest as a template ({@code template: 1} in its config): nothing runs
   * inside a template. Empty when this agent has no Proxmox API to ask (a containers-only agent
   * without {@code phoenix.service-agent.pve.*}).
   *
   * @throws ExecException when the API cannot be reached, refuses the call, or the guest does not
   *     exist
   */
  default Optional<Boolean> template(GuestRef guest) throws ExecException {
    return Optional.empty();
  }
}
