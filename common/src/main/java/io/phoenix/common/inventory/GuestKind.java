package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The two kinds of Proxmox guest. */
public enum GuestKind {
  @JsonProperty("lxc")
  LXC,
  @JsonProperty("vm")
  VM
}
