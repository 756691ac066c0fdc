package io.phoenix.service.exec;

import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestKind;

/**
 * Which guest a command runs in, and how to reach it.
 *
 * @param vmid the guest id
 * @param node the Proxmox node it lives on
 * @param kind container (SSH + {@code pct}) or VM (QEMU guest agent)
 */
public record GuestRef(int vmid, String node, GuestKind kind) {

  public GuestRef {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("guest " + vmid + " has no node: set params.node");
    }
    if (kind == null) {
      throw new IllegalArgumentException("guest " + vmid + " has no kind (lxc or vm)");
    }
  }

  /** The reference for an inventory guest on {@code node} (the guest's own node when null). */
  public static GuestRef of(Guest guest, String node) {
    return new GuestRef(guest.id(), node != null ? node : guest.node(), guest.kind());
  }

  @Override
  public String toString() {
    return (kind == GuestKind.LXC ? "CT " : "VM ") + vmid + "@" + node;
  }
}
