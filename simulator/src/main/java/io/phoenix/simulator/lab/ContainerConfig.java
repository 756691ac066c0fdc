package io.phoenix.simulator.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A guest's Proxmox config ({@code hostname}, {@code cores}, {@code memory}, {@code nameserver},
 * {@code net0}...) as an LXC container on this machine: the {@code lxc.*} config file, the hostname
 * and resolver files inside it, and what the lab cannot provide, each with the reason (reported per
 * guest, never faked). Pure: the lab writes what this renders.
 *
 * @param lxcConfig the container's LXC config file
 * @param hostname its hostname
 * @param resolvConf its {@code /etc/resolv.conf}, or null to leave the one it has
 * @param notProvided what of its config the lab skips, one sentence each
 */
record ContainerConfig(
    String lxcConfig, String hostname, String resolvConf, List<String> notProvided) {

  /** Which cgroup interface this machine's memory and cpu controllers use. */
  enum Cgroups {
    V1,
    V2
  }

  private static final Pattern NET = Pattern.compile("net(\\d+)");
  private static final Pattern PASSTHROUGH = Pattern.compile("(dev|mp|usb|hostpci)\\d+");
  private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");

  /**
   * Renders the container.
   *
   * @param vmid the guest id (names its host-side veth devices)
   * @param rootfs where its root filesystem is on this machine
   * @param config its Proxmox config
   * @param bridges the lab's bridges by inventory name ({@code vmbr100})
   * @param cgroups this machine's cgroup interface
   */
  static ContainerConfig render(
      int vmid,
      Path rootfs,
      Map<String, String> config,
      Map<String, LabBridge> bridges,
      Cgroups cgroups) {
    List<String> notProvided = new ArrayList<>();
    String hostname = config.getOrDefault("hostname", "CT" + vmid);
    StringBuilder lxc = new StringBuilder();
    lxc.append("# Phoenix lab container for guest ").append(vmid).append(" (rewritten at start)\n");
    lxc.append("lxc.include = /usr/share/lxc/config/common.conf\n");
    lxc.append("lxc.arch = amd64\n");
    lxc.append("lxc.uts.name = ").append(hostname).append('\n');
    lxc.append("lxc.rootfs.path = dir:").append(rootfs).append('\n');
    // No AppArmor on the lab's machines; systemd boots inside, so proc/sys/cgroup are mounted.
    lxc.append("lxc.apparmor.profile = unconfined\n");
    lxc.append("lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed\n");
    limits(config, cgroups, lxc);
    networks(vmid, config, bridges, lxc, notProvided);
    recordedOnly(config, notProvided);
    String nameserver = config.get("nameserver");
    String resolvConf = null;
    if (nameserver != null && !nameserver.isBlank()) {
      StringBuilder resolv = new StringBuilder();
      if (config.containsKey("searchdomain")) {
        resolv.append("search ").append(config.get("searchdomain")).append('\n');
      }
      for (String server : nameserver.trim().split("[\\s,;]+")) {
        resolv.append("nameserver ").append(server).append('\n');
      }
      resolvConf = resolv.toString();
    }
    return new ContainerConfig(lxc.toString(), hostname, resolvConf, List.copyOf(notProvided));
  }

  private static void limits(Map<String, String> config, Cgroups cgroups, StringBuilder lxc) {
    String memory = config.get("memory");
    if (memory != null && memory.matches("\\d+")) {
      long bytes = Long.parseLong(memory) * 1024 * 1024;
      lxc.append(
              cgroups == Cgroups.V1
                  ? "lxc.cgroup.memory.limit_in_bytes = "
                  : "lxc.cgroup2.memory.max = ")
          .append(bytes)
          .append('\n');
    }
    String cores = config.get("cores");
    if (cores != null && cores.matches("\\d+") && Integer.parseInt(cores) > 0) {
      long quota = Long.parseLong(cores) * 100_000;
      if (cgroups == Cgroups.V1) {
        lxc.append("lxc.cgroup.cpu.cfs_period_us = 100000\n")
            .append("lxc.cgroup.cpu.cfs_quota_us = ")
            .append(quota)
            .append('\n');
      } else {
        lxc.append("lxc.cgroup2.cpu.max = ").append(quota).append(" 100000\n");
      }
    }
  }

  private static void networks(
      int vmid,
      Map<String, String> config,
      Map<String, LabBridge> bridges,
      StringBuilder lxc,
      List<String> notProvided) {
    Map<Integer, String> nets = new TreeMap<>();
    config.forEach(
        (key, value) -> {
          var m = NET.matcher(key);
          if (m.matches()) {
            nets.put(Integer.parseInt(m.group(1)), value);
          }
        });
    int device = 0;
    boolean gatewaySet = false;
    for (Map.Entry<Integer, String> net : nets.entrySet()) {
      String key = "net" + net.getKey();
      Map<String, String> p = properties(net.getValue());
      String name = p.getOrDefault("name", "eth" + net.getKey());
      String ip = p.getOrDefault("ip", "");
      LabBridge bridge = bridges.get(p.getOrDefault("bridge", ""));
      if (bridge == null) {
        notProvided.add(
            key
                + " ("
                + name
                + "): bridge "
                + p.getOrDefault("bridge", "?")
                + " is not one of the inventory's networks, so the lab has no bridge for it;"
                + " skipped");
        continue;
      }
      if (ip.isEmpty() || ip.equalsIgnoreCase("dhcp") || ip.equalsIgnoreCase("manual")) {
        notProvided.add(
            key
                + " ("
                + name
                + (p.containsKey("tag") ? ", VLAN " + p.get("tag") : "")
                + ", ip="
                + (ip.isEmpty() ? "none" : ip)
                + "): the lab runs no DHCP server"
                + (p.containsKey("tag") ? " and its bridges carry no VLANs" : "")
                + "; skipped");
        continue;
      }
      if (p.containsKey("tag")) {
        notProvided.add(
            key
                + " ("
                + name
                + "): VLAN tag "
                + p.get("tag")
                + " ignored, the lab's bridges carry no VLANs; attached untagged");
      }
      if (p.containsKey("firewall") && p.get("firewall").equals("1")) {
        notProvided.add(key + " (" + name + "): firewall=1 recorded, the lab has no PVE firewall");
      }
      String prefix = "lxc.net." + device + ".";
      lxc.append(prefix).append("type = veth\n");
      lxc.append(prefix).append("link = ").append(bridge.device()).append('\n');
      lxc.append(prefix).append("flags = up\n");
      lxc.append(prefix).append("name = ").append(name).append('\n');
      String veth = vethName(vmid, device);
      if (veth.length() <= 15) {
        lxc.append(prefix).append("veth.pair = ").append(veth).append('\n');
      }
      String mac = p.get("hwaddr");
      if (mac != null && MAC.matcher(mac).matches()) {
        lxc.append(prefix).append("hwaddr = ").append(mac).append('\n');
      }
      lxc.append(prefix).append("ipv4.address = ").append(ip).append('\n');
      String gw = p.get("gw");
      if (gw != null) {
        if (gatewaySet) {
          notProvided.add(key + " (" + name + "): a second default gateway " + gw + " is not set");
        } else {
          lxc.append(prefix).append("ipv4.gateway = ").append(gw).append('\n');
          gatewaySet = true;
        }
      }
      device++;
    }
  }

  /** The host side of a container's veth: lab prefix, guest id, interface index. */
  static String vethName(int vmid, int device) {
    return LabBridge.PREFIX.replace("-", "") + vmid + "n" + device;
  }

  private static void recordedOnly(Map<String, String> config, List<String> notProvided) {
    for (Map.Entry<String, String> entry : config.entrySet()) {
      String key = entry.getKey();
      if (PASSTHROUGH.matcher(key).matches()) {
        notProvided.add(
            key
                + "="
                + entry.getValue()
                + ": host devices and bind mounts are not passed into lab containers; skipped");
      } else if (key.startsWith("lxc.")) {
        notProvided.add(
            key + "=" + entry.getValue() + ": raw lxc options are not applied in the lab; skipped");
      }
    }
    if ("1".equals(config.get("unprivileged"))) {
      notProvided.add(
          "unprivileged=1 recorded: lab containers run privileged (no user namespace mapping)");
    }
  }

  /** {@code name=eth0,bridge=vmbr0,ip=dhcp} as a map. */
  static Map<String, String> properties(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
