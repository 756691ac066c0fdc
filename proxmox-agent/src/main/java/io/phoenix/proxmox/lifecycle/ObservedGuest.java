package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.inventory.GuestKind;
import java.util.Map;

/**
 * A guest as Proxmox has it now.
 *
 * @param vmid its id
 * @param node the node it is on
 * @param kind LXC or VM
 * @param status {@code running}, {@code stopped}, ...
 * @param config its current config (values as Proxmox prints them)
 */
record ObservedGuest(
    int vmid, String node, GuestKind kind, String status, Map<String, String> config) {

  ObservedGuest {
    config = Map.copyOf(config);
  }

  /** The API path of this guest, e.g. {@code /nodes/pve/lxc/103}. */
  String path() {
    return GuestApi.path(node, kind, vmid);
  }

  boolean running() {
    return "running".equals(status);
  }

  boolean template() {
    return "1".equals(config.get("template"));
  }

  /**
   * The lock a running operation holds ({@code disk}, {@code clone}, {@code create}...), or null.
   */
  String lock() {
    return config.get("lock");
  }

  String kindName() {
    return kind == GuestKind.LXC ? "CT" : "VM";
  }
}
