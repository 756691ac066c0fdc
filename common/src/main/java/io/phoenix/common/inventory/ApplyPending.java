package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What to do with config changes a running guest only takes at its next start (Proxmox keeps them
 * pending: cores or memory of a VM, a container's nameserver or features).
 */
public enum ApplyPending {
  /** Leave the guest running; the step reports the change as pending a restart (the default). */
  @JsonProperty("report")
  REPORT,
  /** Restart the guest in its start step (a clean shutdown, then start) to apply them. */
  @JsonProperty("reboot")
  REBOOT
}
