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

  private final ChannelFactory vmFactory;
  private final ChannelFactory containerFactory;
  private GuestExec vms;
  private GuestExec containers;
  private NodeSessions sessions;

  private interface ChannelFactory {
    GuestExec create() throws Exception;
  }

  private GuestChannels(ChannelFactory vmFactory, ChannelFactory containerFactory) {
    this.vmFactory = vmFactory;
    this.containerFactory = containerFactory;
  }

  /** Channels configured from the agent's settings. */
  public static GuestChannels configured(PveProperties pve, SshProperties ssh, JsonMapper json) {
    GuestChannels[] self = new GuestChannels[1];
    self[0] =
        new GuestChannels(
            () -> new GuestAgentExec(new PveApi(pve, json), pve.pollInterval()),
            () -> {
              NodeSessions sessions = new NodeSessions(ssh);
              self[0].sessions = sessions;
              return new PctSshExec(sessions);
            });
    return self[0];
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
          vms = vmFactory.create();
        }
        return vms;
      }
      if (containers == null) {
        containers = containerFactory.create();
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
