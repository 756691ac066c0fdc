package io.phoenix.common.inventory.phoenix;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the hypervisor config and vm_defaults say that every guest mapping needs. */
final class ImportSettings {
  /** The originals never name the node; a stock Proxmox install calls it {@code pve}. */
  String node = "pve";

  String lxcStorage = "local-lvm";
  String vmStorage;
  String templateStorage = "local";
  String imageStorage = "local";
  String vmBridge = "vmbr0";
  String ubuntuRelease = "noble";
  final Set<String> storageIds = new HashSet<>();

  /** Guest id to {bootstrap_ca_url, its JSON path}, checked against the CA once it is known. */
  final Map<Integer, String[]> bootstrapCaUrls = new HashMap<>();
}
