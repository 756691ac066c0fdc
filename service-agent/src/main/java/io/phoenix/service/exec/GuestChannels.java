package io.phoenix.service.exec;

import io.phoenix.common.inventory.GuestKind;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's one {@link GuestExec}: containers go through SSH to their node and {@code pct exec},
 * VMs through the QEMU guest agent API. Each channel is built on first use from its settings, so an
 * agent that only serves containers needs no Proxmox API token and the reverse.
 */
public final class GuestChannels implements GuestExec, DisposableBean {

  private final PveProperties pve;
  private final SshProperties ssh;
  private final JsonMapper json;
  private GuestExec vms;
  private GuestExec containers;
  private NodeSessions sessions;

  private GuestChannels(PveProperties pve, SshProperties ssh, JsonMapper json) {
    this.pve = pve;
    this.ssh = ssh;
    this.json = json;
  }

  /** Channels configured from the agent's settings. */
  public static GuestChannels configured(PveProperties pve, SshProperties ssh, JsonMapper json) {
    return new GuestChannels(pve, ssh, json);
  }

  @Override
  public ExecResult run(GuestRef guest, ExecRequest request, ExecProgress progress)
      throws ExecException, InterruptedException {
    return channel(guest).run(guest, request, progress);
  }

  @Override
  public void writeFile(GuestRef guest, String path, byte[] content)
      throws ExecException, InterruptedException {
    channel(guest).writeFile(guest, path, content);
  }

  @Override
  public Optional<byte[]> readFile(GuestRef guest, String path)
      throws ExecException, InterruptedException {
    return channel(guest).readFile(guest, path);
  }

  private synchronized GuestExec channel(GuestRef guest) throws ExecException {
    try {
      if (guest.kind() == GuestKind.VM) {
        if (vms == null) {
          vms = new GuestAgentExec(new PveApi(pve, json), pve.pollInterval());
        }
        return vms;
      }
      if (containers == null) {
        sessions = new NodeSessions(ssh);
        containers = new PctSshExec(sessions);
      }
      return containers;
    } catch (Exception e) {
      throw new ExecException(
          "CHANNEL_NOT_CONFIGURED", "cannot reach " + guest + ": " + e.getMessage(), false, e);
    }
  }

  @Override
  public synchronized void destroy() {
    if (sessions != null) {
      sessions.close();
    }
  }
}
