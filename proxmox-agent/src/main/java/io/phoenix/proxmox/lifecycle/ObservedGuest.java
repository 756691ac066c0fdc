package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.inventory.GuestKind;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A guest as Proxmox has it now.
 *
 * @param vmid its id
 * @param node the node it is on
 * @param kind LXC or VM
 * @param status {@code running}, {@code stopped}, ...
 * @param config the config in effect ({@code config?current=1}, values as Proxmox prints them)
 * @param pending values set while it ran that take effect at its next start
 * @param pendingDeletes keys deleted while it ran, removed at its next start
 */
record ObservedGuest(
    int vmid,
    String node,
    GuestKind kind,
    String status,
    Map<String, String> config,
    Map<String, String> pending,
    Set<String> pendingDeletes) {

  ObservedGuest {
    config = Map.copyOf(config);
    pending = Map.copyOf(pending);
    pendingDeletes = Set.copyOf(pendingDeletes);
  }

  /** A guest with nothing pending. */
  ObservedGuest(int vmid, String node, GuestKind kind, String status, Map<String, String> config) {
    this(vmid, node, kind, status, config, Map.of(), Set.of());
  }

  /** The config as it will be after the next start: what is pending applied. */
  Map<String, String> configAfterRestart() {
    Map<String, String> after = new TreeMap<>(config);
    pendingDeletes.forEach(after::remove);
    after.putAll(pending);
    return after;
  }

  /** The keys waiting for the next start, sorted. */
  SortedSet<String> pendingKeys() {
    SortedSet<String> keys = new TreeSet<>(pending.keySet());
    keys.addAll(pendingDeletes);
    return keys;
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
