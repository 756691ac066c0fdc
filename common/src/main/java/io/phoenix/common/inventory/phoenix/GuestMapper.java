package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.CloudInit;
import io.phoenix.common.inventory.ExposedService;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.common.inventory.HealthCheck;
import io.phoenix.common.inventory.MountPoint;
import io.phoenix.common.inventory.NetworkInterface;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.common.inventory.Source;
import io.phoenix.common.inventory.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Maps one entry of {@code phoenix_lxc_configs.json} or {@code phoenix_vm_configs.json}. */
final class GuestMapper {

  static final String SNAPSHOT_PRE = "pre-configured";
  static final String SNAPSHOT_FINAL = "final-form";

  private static final Pattern VLAN_BRIDGE = Pattern.compile("^(vmbr[0-9]+)\\.([0-9]{1,4})$");

  /**
   * Why keys that have no native equivalent were left out; anything unlisted gets a generic one.
   */
  static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry(
              "id_maps",
              "Phoenix does not map container user/group ids (an old-tool key it also ignored)"),
          Map.entry("gpu_assignment", "GPU passthrough is not supported yet"),
          Map.entry(
              "application_script",
              "Phoenix runs features, not the old tool's per-guest scripts; express what the script did as features"),
          Map.entry("apparmor_manages_nesting", "express nesting as lxcFeatures.nesting"),
          Map.entry(
              "firewall",
              "firewall rules are not imported; only the enabled flag is kept on the interfaces"),
          Map.entry(
              "template_file",
              "Phoenix builds guests from the ostemplate or a clone, not from a pre-built archive"),
          Map.entry("template_snapshot_name", "Phoenix clones whole templates, not snapshots"),
          Map.entry("vllm_engine_config", "model servers are not a Phoenix feature yet"),
          Map.entry("zfs_volumes", "ZFS datasets are host setup outside what Phoenix provisions"),
          Map.entry(
              "ports",
              "port publishing is not part of the inventory; use services for routed ports"),
          Map.entry("tests", "the old tool's test suites are not imported"),
          Map.entry("trigger_sync_on_completion", "Phoenix has no post-build sync hook"),
          Map.entry("bootstrap_ca_url", "Phoenix derives the CA URL from the ca section"),
          Map.entry("swarm_role", "Docker Swarm roles are not provisioned by Phoenix"),
          Map.entry("node_labels", "Docker Swarm labels are not provisioned by Phoenix"),
          Map.entry(
              "portainer_environment_name",
              "Phoenix names the Portainer environment after the guest"),
          Map.entry(
              "portainer_agent_hostname", "Phoenix registers the agent by the guest's address"),
          Map.entry("dns_records", "DNS records are not provisioned by Phoenix"),
          Map.entry("user_config", "only user_config.username is imported (as cloudInit.user)"));

  private final ImportSettings settings;

  GuestMapper(ImportSettings settings) {
    this.settings = settings;
  }

  GuestDraft lxc(OriginalFile file, OriginalFile.Entry entry, String key) {
    GuestDraft guest = new GuestDraft(file, entry.path);
    guest.kind = GuestKind.LXC;
    guest.id = parseId(file, entry, key);
    guest.node = settings.node;
    common(guest, entry);
    guest.swap = entry.integer("swap_mb");
    guest.disk = entry.integer("storage_size_gb");
    link(guest, "disk", entry, "storage_size_gb");
    String storage = entry.string("storage_pool");
    guest.storage = storage == null || storage.equals(settings.lxcStorage) ? null : storage;
    guest.unprivileged = entry.bool("unprivileged");
    Integer clone = entry.integer("clone_from_ctid");
    String template = entry.string("template");
    if (clone != null) {
      guest.source = Source.cloneFrom(clone);
      link(guest, "source.clone", entry, "clone_from_ctid");
    } else if (template != null) {
      guest.source = new Source(ostemplate(template), null, null, null);
      link(guest, "source", entry, "template");
    }
    if (clone != null && template != null) {
      entry.consume("template");
      file.warn(
          entry.at("template"),
          entry.who + ": has both clone_from_ctid and template; the clone wins",
          "drop one");
    }
    OriginalFile.Entry primary = entry.object("network_config");
    if (primary != null) {
      guest.network.add(
          lxcInterface(guest, primary, entry.string("mac_address"), firewall(entry), 0));
      link(guest, "network[0]", entry, "network_config");
    }
    OriginalFile.Entry secondary = entry.object("secondary_network_config");
    if (secondary != null) {
      guest.network.add(lxcInterface(guest, secondary, null, firewall(entry), 1));
      link(guest, "network[1]", entry, "secondary_network_config");
    }
    if (primary == null) {
      entry.consume("mac_address");
    }
    rawOptions(guest, entry);
    for (OriginalFile.Entry mount : entry.objects("mount_points")) {
      guest.mounts.add(
          new MountPoint(
              mount.string("host_path"), mount.string("container_path"), mount.bool("read_only")));
      mount.warnUnmapped(
          Map.of(
              "owner_uid",
              "Phoenix does not chown mount points",
              "owner_gid",
              "Phoenix does not chown mount points"));
    }
    OriginalFile.Entry health = entry.object("health_check");
    if (health != null) {
      Integer retries = health.integer("retries");
      Integer interval = health.integer("interval");
      String timeout = retries != null && interval != null ? (retries * interval) + "s" : null;
      guest.healthCheck = new HealthCheck(health.string("command"), timeout);
      file.warn(
          health.path,
          entry.who
              + ": the original ran the health check on the Proxmox host; Phoenix runs healthCheck.command inside the guest",
          "replace the command with one that works inside the guest");
      health.warnUnmapped(Map.of());
    }
    Boolean snapshots = entry.bool("enable_lifecycle_snapshots");
    guest.lifecycleSnapshots = Boolean.TRUE.equals(snapshots);
    if (guest.lifecycleSnapshots) {
      guest.snapshots.addAll(List.of(SNAPSHOT_PRE, SNAPSHOT_FINAL));
      link(guest, "snapshots", entry, "enable_lifecycle_snapshots");
    }
    String gpu = entry.string("gpu_assignment");
    if (gpu != null && !gpu.equalsIgnoreCase("none")) {
      file.warn(
          entry.at("gpu_assignment"),
          entry.who
              + ": 'gpu_assignment' ("
              + gpu
              + ") is not imported: "
              + REASONS.get("gpu_assignment"),
          "pass the GPU through by hand until Phoenix supports it");
    }
    String bootstrapCa = entry.string("bootstrap_ca_url");
    if (bootstrapCa != null) {
      settings.bootstrapCaUrls.put(
          guest.id, new String[] {bootstrapCa, entry.at("bootstrap_ca_url")});
    }
    entry.warnUnmapped(REASONS);
    return guest;
  }

  GuestDraft vm(OriginalFile file, OriginalFile.Entry entry, OriginalFile.Entry defaults) {
    GuestDraft guest = new GuestDraft(file, entry.path);
    guest.kind = GuestKind.VM;
    Integer id = entry.integer("vmid");
    guest.id = id == null ? 0 : id;
    if (id == null) {
      file.error(entry.path, "a VM has no vmid", "add \"vmid\"");
    }
    guest.node = settings.node;
    common(guest, entry);
    guest.disk = entry.integer("disk_size_gb");
    link(guest, "disk", entry, "disk_size_gb");
    String storage = entry.string("storage_pool");
    guest.storage = storage != null ? storage : settings.vmStorage;
    if (guest.storage != null && guest.storage.equals(settings.lxcStorage)) {
      guest.storage = null;
    }
    if (defaults != null) {
      guest.cores =
          guest.cores != null
              ? guest.cores
              : defaults.toInteger(defaults.node.get("cores"), defaults.at("cores"), "cores");
      guest.memory =
          guest.memory != null
              ? guest.memory
              : defaults.toInteger(
                  defaults.node.get("memory_mb"), defaults.at("memory_mb"), "memory_mb");
      guest.disk =
          guest.disk != null
              ? guest.disk
              : defaults.toInteger(
                  defaults.node.get("disk_size_gb"), defaults.at("disk_size_gb"), "disk_size_gb");
    }
    Integer clone = entry.integer("clone_from_vmid");
    String image = entry.string("template_image");
    if (clone != null) {
      guest.source = Source.cloneFrom(clone);
      link(guest, "source.clone", entry, "clone_from_vmid");
    } else if (image != null) {
      guest.source = new Source(null, image, imageUrl(image), null);
      link(guest, "source", entry, "template_image");
    }
    OriginalFile.Entry net = entry.object("network_config");
    if (net != null) {
      String ip = net.string("ip");
      guest.network.add(
          new NetworkInterface(
              "eth0",
              settings.vmBridge,
              ip == null
                  ? null
                  : ip.toLowerCase(Locale.ROOT).equals("dhcp") ? NetworkInterface.DHCP : ip,
              net.string("gw"),
              null,
              net.string("mac_address"),
              firewall(entry)));
      guest.nameserver = net.string("nameserver");
      link(guest, "network[0]", entry, "network_config");
      net.warnUnmapped(Map.of());
    }
    OriginalFile.Entry user = entry.object("user_config");
    if (user != null) {
      guest.cloudInit = new CloudInit(user.string("username"), List.of());
      user.warnUnmapped(
          Map.of(
              "password",
              "passwords are never imported",
              "ssh_public_key",
              "add it to cloudInit.sshKeys"));
    }
    for (OriginalFile.Entry volume : entry.objects("volumes")) {
      guest.volumes.add(
          new Volume(
              volume.string("type"),
              volume.string("server"),
              volume.string("path"),
              volume.string("mount_point")));
      volume.warnUnmapped(Map.of("name", "volumes have no names in the inventory"));
    }
    List<String> stacks = entry.strings("docker_stacks");
    for (int i = 0; i < stacks.size(); i++) {
      String stack = stacks.get(i);
      if (StackMapper.isPortainerItself(stack)) {
        file.warn(
            entry.at("docker_stacks") + "[" + i + "]",
            entry.who
                + ": stack '"
                + stack
                + "' is the Portainer server itself; Phoenix installs it with the 'portainer' feature instead",
            "nothing to do: the feature was added");
      } else {
        guest.stacks.add(StackMapper.nativeName(stack));
      }
    }
    link(guest, "stacks", entry, "docker_stacks");
    JsonNode dns = entry.node.get("dns_records");
    if (dns != null && dns.isArray() && dns.isEmpty()) {
      entry.consume("dns_records");
    }
    entry.warnUnmapped(REASONS);
    return guest;
  }

  /** Keys LXC and VM entries share. */
  private void common(GuestDraft guest, OriginalFile.Entry entry) {
    guest.name = entry.string("name");
    guest.template = Boolean.TRUE.equals(entry.bool("is_template"));
    link(guest, "template", entry, "is_template");
    guest.cores = entry.integer("cores");
    guest.memory = entry.integer("memory_mb");
    link(guest, "memory", entry, "memory_mb");
    guest.onboot = entry.bool("start_at_boot");
    guest.startupOrder = entry.integer("boot_order");
    guest.startupDelay = entry.integer("boot_delay");
    guest.features.addAll(entry.strings("features"));
    link(guest, "features", entry, "features");
    guest.dependsOn.addAll(entry.ids("dependencies"));
    link(guest, "dependsOn", entry, "dependencies");
    String role = entry.string("portainer_role");
    guest.portainer = portainerRole(guest, entry, role);
    link(guest, "portainer", entry, "portainer_role");
    OriginalFile.Entry service = entry.object("traefik_service");
    if (service != null) {
      Integer port = service.integer("port");
      String scheme = service.string("scheme");
      guest.services.add(
          new ExposedService(
              serviceName(service.string("name")),
              port == null ? 0 : port,
              scheme == null ? "http" : scheme));
      link(guest, "services", entry, "traefik_service");
      service.warnUnmapped(Map.of());
    }
  }

  private PortainerRole portainerRole(GuestDraft guest, OriginalFile.Entry entry, String role) {
    if (role == null || role.equals("none")) {
      return PortainerRole.NONE;
    }
    switch (role) {
      case "primary", "server":
        return PortainerRole.SERVER;
      case "agent":
        return PortainerRole.AGENT;
      default:
        guest.file.warn(
            entry.at("portainer_role"),
            entry.who
                + ": portainer_role '"
                + role
                + "' has no Portainer meaning; imported as none",
            "nothing to do, or set portainer: agent to manage it through Portainer");
        return PortainerRole.NONE;
    }
  }

  private NetworkInterface lxcInterface(
      GuestDraft guest, OriginalFile.Entry net, String topMac, Boolean firewall, int index) {
    String bridge = net.string("bridge");
    Integer vlan = null;
    if (bridge != null) {
      Matcher matcher = VLAN_BRIDGE.matcher(bridge);
      if (matcher.matches()) {
        guest.file.warn(
            net.at("bridge"),
            net.who
                + ": bridge '"
                + bridge
                + "' imported as bridge "
                + matcher.group(1)
                + " with VLAN tag "
                + matcher.group(2),
            "make sure " + matcher.group(1) + " is VLAN aware");
        bridge = matcher.group(1);
        vlan = Integer.parseInt(matcher.group(2));
      }
    }
    String ip = net.string("ip");
    if (ip != null && ip.equalsIgnoreCase("dhcp")) {
      ip = NetworkInterface.DHCP;
    }
    String mac = net.string("hwaddr");
    if (mac == null) {
      mac = topMac;
    } else if (topMac != null && !topMac.equalsIgnoreCase(mac)) {
      guest.file.warn(
          net.at("hwaddr"),
          net.who + ": hwaddr " + mac + " differs from mac_address " + topMac + "; hwaddr wins",
          "keep one");
    }
    String nameservers = net.string("nameservers");
    if (nameservers != null && index == 0) {
      String[] servers = nameservers.trim().split("[ ,]+");
      guest.nameserver = servers[0];
      if (servers.length > 1) {
        guest.file.warn(
            net.at("nameservers"),
            net.who + ": only the first nameserver (" + servers[0] + ") is imported",
            "Proxmox takes more; add them by hand if needed");
      }
    }
    NetworkInterface nic =
        new NetworkInterface(net.string("name"), bridge, ip, net.string("gw"), vlan, mac, firewall);
    net.warnUnmapped(Map.of());
    return nic;
  }

  private static Boolean firewall(OriginalFile.Entry entry) {
    JsonNode firewall = entry.node.get("firewall");
    if (firewall == null || !firewall.isObject()) {
      return null;
    }
    JsonNode rules = firewall.get("rules");
    if (rules != null && rules.isArray() && !rules.isEmpty()) {
      entry.consume("firewall");
      entry.warnOne(
          "firewall",
          entry.who
              + ": "
              + rules.size()
              + " firewall rules are not imported (only the enabled flag is)",
          "recreate the rules in the Proxmox firewall");
    } else {
      entry.consume("firewall");
    }
    JsonNode enabled = firewall.get("enabled");
    return enabled != null && enabled.isBoolean() ? enabled.booleanValue() : null;
  }

  private void rawOptions(GuestDraft guest, OriginalFile.Entry entry) {
    for (String option : entry.strings("lxc_options")) {
      String normal = normaliseRawOption(option);
      if (guest.rawLxcOptions.stream().noneMatch(o -> o.equals(normal))) {
        guest.rawLxcOptions.add(normal);
      }
    }
    link(guest, "rawLxcOptions", entry, "lxc_options");
    String apparmor = entry.string("apparmor_profile");
    if (apparmor != null
        && guest.rawLxcOptions.stream().noneMatch(o -> o.startsWith("lxc.apparmor.profile:"))) {
      guest.rawLxcOptions.add("lxc.apparmor.profile: " + apparmor);
    }
    for (String option : entry.strings("pct_options")) {
      String[] pair = option.split("=", 2);
      if (pair.length == 2 && (pair[1].equals("1") || pair[1].equals("0"))) {
        guest.lxcFeatures.put(pair[0].trim(), pair[1].equals("1"));
      } else {
        guest.file.warn(
            entry.at("pct_options"),
            entry.who
                + ": pct option '"
                + option
                + "' is not imported: only feature flags like nesting=1 map to lxcFeatures",
            "set it by hand");
      }
    }
  }

  /** {@code lxc.a.b=v}, {@code lxc.a.b: v} and {@code lxc.a.b:v} all become {@code lxc.a.b: v}. */
  static String normaliseRawOption(String option) {
    String trimmed = option.trim();
    int equals = trimmed.indexOf('=');
    int colon = trimmed.indexOf(':');
    int split = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
    if (split < 0) {
      return trimmed;
    }
    return trimmed.substring(0, split).trim() + ": " + trimmed.substring(split + 1).trim();
  }

  private String ostemplate(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    String[] parts = path.replaceFirst("^/", "").split("/");
    String storage = settings.templateStorage;
    if (parts.length > 2) {
      String candidate = parts[0] + "-" + parts[1];
      if (settings.storageIds.contains(candidate)) {
        storage = candidate;
      }
    }
    return storage + ":vztmpl/" + file;
  }

  private String imageUrl(String image) {
    return "https://cloud-images.ubuntu.com/" + settings.ubuntuRelease + "/current/" + image;
  }

  private static String serviceName(String name) {
    return name == null ? null : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
  }

  private static int parseId(OriginalFile file, OriginalFile.Entry entry, String key) {
    if (key.matches("[0-9]{1,9}")) {
      return Integer.parseInt(key);
    }
    file.error(
        entry.path, "container key '" + key + "' is not a numeric ctid", "use the vmid as the key");
    return 0;
  }

  private static void link(
      GuestDraft guest, String nativeKey, OriginalFile.Entry entry, String originalKey) {
    if (entry.has(originalKey)) {
      guest.links.put(nativeKey, entry.at(originalKey));
    }
  }
}
