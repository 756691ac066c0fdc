package io.phoenix.service.exec;

import io.phoenix.common.inventory.GuestKind;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.JsonNode;
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
  private PveApi api;
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

  /** Reads the guest's config through the Proxmox API (the same client VM exec uses). */
  @Override
  public Optional<Boolean> template(GuestRef guest) throws ExecException {
    if (pve.url() == null) {
      return Optional.empty();
    }
    String path =
        "/nodes/"
            + guest.node()
            + (guest.kind() == GuestKind.VM ? "/qemu/" : "/lxc/")
            + guest.vmid()
            + "/config";
    JsonNode config;
    try {
      config = api(guest).get(path, Map.of());
    } catch (IOException e) {
      throw ExecException.unreachable(guest, "reading its config: " + e.getMessage(), e);
    } catch (PveApiException e) {
      if (e.getMessage().contains("does not exist")) {
        throw new ExecException(
            "GUEST_NOT_FOUND",
            guest + " does not exist; its create or clone step must succeed first",
            false,
            e);
      }
      throw new ExecException(
          "PVE_API",
          guest
              + ": reading its config: "
              + e.getMessage()
              + (e.status() == 403 ? " (the API token needs VM.Audit on the guest)" : ""),
          e.status() >= 500,
          e);
    }
    JsonNode flag = config.path("template");
    return Optional.of(flag.isNumber() ? flag.asInt() == 1 : "1".equals(flag.asString("0")));
  }

  private synchronized PveApi api(GuestRef guest) throws ExecException {
    if (api == null) {
      try {
        api = new PveApi(pve, json);
      } catch (Exception e) {
        throw new ExecException(
            "CHANNEL_NOT_CONFIGURED", "cannot reach " + guest + ": " + e.getMessage(), false, e);
      }
    }
    return api;
  }

  private synchronized GuestExec channel(GuestRef guest) throws ExecException {
    if (guest.kind() == GuestKind.VM) {
      if (vms == null) {
        vms = new GuestAgentExec(api(guest), pve.pollInterval());
      }
      return vms;
    }
    try {
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
