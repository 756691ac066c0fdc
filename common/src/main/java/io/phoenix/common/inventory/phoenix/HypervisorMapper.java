package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps {@code phoenix_hypervisor_config.json}: domain, bridges, storage ids, CA and Portainer. */
final class HypervisorMapper {

  /** What the hypervisor config contributes to the inventory. */
  static final class Result {
    String domain;
    final List<Network> networks = new ArrayList<>();
    String caName;
    List<String> caDnsNames = List.of();
    String provisioner;
    String caPath;
    Integer portainerPort;
    Integer agentPort;
    String portainerServerIp;
    String adminUser;
    String portainerPath;
  }

  private static final Map<String, String> HOST_SETUP =
      Map.of(
          "zfs", "ZFS pools and datasets are host setup outside what Phoenix provisions",
          "samba", "Samba shares are host setup outside what Phoenix provisions",
          "nfs", "NFS exports are host setup outside what Phoenix provisions",
          "users",
              "host users are outside what Phoenix provisions (and passwords are never imported)",
          "core_paths", "the old tool's install paths mean nothing to Phoenix",
          "firewall", "host firewall rules are not imported",
          "nvidia_driver", "GPU drivers are not supported yet",
          "shared_volumes", "shared volumes are host setup; bind mounts are per guest (mounts)",
          "dns_server", "the host DNS server is outside what Phoenix provisions",
          "behavior", "Phoenix always stops on failure and can resume");

  private HypervisorMapper() {}

  static Result map(OriginalFile file, ImportSettings settings) {
    Result result = new Result();
    OriginalFile.Entry root = file.entry(file.root(), "$", "hypervisor config");
    root.consume("$schema", "version", "author");
    result.domain = root.string("domain_name");
    OriginalFile.Entry network = root.object("network");
    if (network != null) {
      OriginalFile.Entry bridge = network.object("interfaces");
      String subnet = network.string("default_subnet");
      if (bridge != null) {
        String name = bridge.string("name");
        result.networks.add(
            new Network(name == null ? "vmbr0" : name, subnet, bridge.string("gateway"), null));
        bridge.consume("address", "dns_nameservers");
        bridge.warnUnmapped(Map.of());
      }
      OriginalFile.Entry internal = network.object("internal_bridge");
      if (internal != null) {
        result.networks.add(
            new Network(internal.string("name"), internal.string("subnet"), null, null));
        internal.warnUnmapped(Map.of());
      }
      result.portainerServerIp = network.string("portainer_server_ip");
      result.portainerPort = network.integer("portainer_server_port");
      result.agentPort = network.integer("portainer_agent_port");
      String publicBridge = network.string("public_bridge");
      if (publicBridge != null) {
        settings.vmBridge = publicBridge;
      }
      // The NFS server and the VLAN tags show up in the guests' volumes and bridges.
      network.consume("nfs_server", "public_vlan_tag");
      network.warnUnmapped(
          Map.of(
              "external_registry_url",
              "images are named in full in compose files",
              "fallback_dns",
              "each guest names its nameserver",
              "macvlan_vlan_tag",
              "VLAN tags are per interface (vlan)"));
    }
    OriginalFile.Entry storages = root.object("proxmox_storage_ids");
    if (storages != null) {
      for (String key : storages.node.propertyNames()) {
        String id = storages.string(key);
        if (id != null) {
          settings.storageIds.add(id);
        }
      }
      settings.lxcStorage =
          orElse(storages.node.path("quickos_lxc").asString(""), settings.lxcStorage);
      settings.vmStorage =
          orElse(storages.node.path("quickos_vm").asString(""), settings.vmStorage);
      settings.templateStorage =
          orElse(storages.node.path("fastData_shared_iso").asString(""), settings.templateStorage);
      settings.imageStorage = settings.templateStorage;
    }
    root.consume("mount_point_base", "proxmox_defaults", "docker", "tests", "timezone");
    OriginalFile.Entry ca = root.object("step_ca");
    if (ca != null) {
      result.caPath = ca.path;
      result.caName = ca.string("root_ca_name");
      String dns = ca.string("dns_name");
      result.caDnsNames = dns == null ? List.of() : List.of(dns);
      result.provisioner = ca.string("provisioner_name");
      ca.warnUnmapped(
          Map.of("intermediate_ca_name", "step-ca names its intermediate after the root"));
    }
    OriginalFile.Entry portainer = root.object("portainer_api");
    if (portainer != null) {
      result.portainerPath = portainer.path;
      result.adminUser = portainer.string("admin_user");
      portainer.warnUnmapped(
          Map.of(
              "admin_password",
              "secrets are never imported; the service agent generates the admin password into its secret store",
              "portainer_hostname",
              "the Portainer server is reached by its guest's address",
              "api_key",
              "secrets are never imported"));
    }
    OriginalFile.Entry vmDefaults = root.object("vm_defaults");
    if (vmDefaults != null) {
      String release = vmDefaults.string("ubuntu_release");
      if (release != null) {
        settings.ubuntuRelease = release;
      }
      vmDefaults.warnUnmapped(Map.of());
    }
    warnHostSetup(file, root);
    root.warnUnmapped(HOST_SETUP);
    return result;
  }

  /** The keys that configure the host itself, consumed with one warning each. */
  private static void warnHostSetup(OriginalFile file, OriginalFile.Entry root) {
    for (String key :
        List.of("proxmox_defaults", "tests", "timezone", "docker", "mount_point_base")) {
      if (root.has(key)) {
        file.warn(
            root.at(key),
            "hypervisor config: '"
                + key
                + "' is not imported: host setup outside what Phoenix provisions",
            "nothing to do");
      }
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
