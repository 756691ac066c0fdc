package io.phoenix.simulator.world;

/** The two kinds of Proxmox guests, which differ in API paths, task types and lock behaviour. */
public enum GuestKind {
  /** An LXC container ({@code /nodes/{node}/lxc}, "CT" in messages). */
  LXC,
  /** A QEMU virtual machine ({@code /nodes/{node}/qemu}, "VM" in messages). */
  QEMU;

  /** The word Proxmox uses for this kind in messages: {@code CT} or {@code VM}. */
  public String label() {
    return this == LXC ? "CT" : "VM";
  }

  /**
   * The type in {@code /cluster/resources} ids and in the API path: {@code lxc} or {@code qemu}.
   */
  public String type() {
    return this == LXC ? "lxc" : "qemu";
  }
}
