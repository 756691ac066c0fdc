package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.MountPoint;
import io.phoenix.common.inventory.NetworkInterface;
import io.phoenix.proxmox.client.PveParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Proxmox config keys an inventory guest asks for (pure), split into what this agent may set
 * through the API and what it may not (reported, never silently dropped).
 *
 * @param keys config key to Proxmox value, e.g. {@code memory=2048}, {@code net0=name=eth0,...}
 * @param notApplied what the API does not let this agent set, each with the reason and the fix
 */
record WantedConfig(Map<String, String> keys, List<String> notApplied) {

  WantedConfig {
    keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    notApplied = List.copyOf(notApplied);
  }

  /** What {@code configure} converges for {@code guest}. */
  static WantedConfig of(Guest guest, boolean apiToken) {
    Map<String, String> keys = new LinkedHashMap<>();
    List<String> notApplied = new ArrayList<>();
    put(keys, "cores", guest.cores());
    put(keys, "memory", guest.memory());
    if (guest.onboot() != null) {
      keys.put("onboot", guest.onboot() ? "1" : "0");
    }
    String startup = startup(guest);
    if (startup != null) {
      keys.put("startup", startup);
    }
    put(keys, "nameserver", guest.nameserver());
    List<NetworkInterface> nets = guest.network();
    for (int i = 0; i < nets.size(); i++) {
      NetworkInterface n = nets.get(i);
      if (guest.isLxc()) {
        keys.put("net" + i, lxcNet(n, i));
      } else {
        keys.put("net" + i, vmNet(n));
        keys.put("ipconfig" + i, ipconfig(n));
      }
    }
    if (guest.isLxc()) {
      put(keys, "hostname", guest.name());
      put(keys, "swap", guest.swap());
      lxcFeatures(guest, apiToken, keys, notApplied);
      List<MountPoint> mounts = guest.mounts();
      for (int i = 0; i < mounts.size(); i++) {
        MountPoint m = mounts.get(i);
        String value =
            m.hostPath()
                + ",mp="
                + m.containerPath()
                + (Boolean.TRUE.equals(m.readOnly()) ? ",ro=1" : "");
        if (apiToken) {
          notApplied.add(
              "mp"
                  + i
                  + "="
                  + value
                  + " (bind mounts may only be set by root@pam, not by an API token; use ticket"
                  + " auth as root@pam or run 'pct set "
                  + guest.id()
                  + " -mp"
                  + i
                  + " "
                  + value
                  + "' on the node)");
        } else {
          keys.put("mp" + i, value);
        }
      }
      for (String raw : guest.rawLxcOptions()) {
        notApplied.add(
            raw
                + " (raw lxc.* options cannot be set through the Proxmox API; add the line to"
                + " /etc/pve/lxc/"
                + guest.id()
                + ".conf on the node)");
      }
    } else {
      put(keys, "name", guest.name());
      if (guest.cloudInit() != null) {
        put(keys, "ciuser", guest.cloudInit().user());
        if (!guest.cloudInit().sshKeys().isEmpty()) {
          keys.put("sshkeys", PveParams.sshKeys(guest.cloudInit().sshKeys()));
        }
      }
      keys.put("agent", guest.hasGuestAgent() ? "1" : "0");
    }
    return new WantedConfig(keys, notApplied);
  }

  private static void lxcFeatures(
      Guest guest, boolean apiToken, Map<String, String> keys, List<String> notApplied) {
    if (guest.lxcFeatures().isEmpty()) {
      return;
    }
    Map<String, Boolean> sorted = new TreeMap<>(guest.lxcFeatures());
    List<String> allowed = new ArrayList<>();
    for (Map.Entry<String, Boolean> f : sorted.entrySet()) {
      String flag = f.getKey() + "=" + (f.getValue() ? "1" : "0");
      if (apiToken && !"nesting".equals(f.getKey())) {
        notApplied.add(
            "features "
                + flag
                + " (an API token may only set 'nesting'; use ticket auth as root@pam or run 'pct"
                + " set "
                + guest.id()
                + " -features "
                + flag
                + "' on the node)");
      } else {
        allowed.add(flag);
      }
    }
    if (!allowed.isEmpty()) {
      keys.put("features", String.join(",", allowed));
    }
  }

  /**
   * The same wanted config, with the MAC each NIC has now where the inventory sets none: a NIC
   * rewritten without its MAC gets a new one from Proxmox, and DHCP reservations or anything else
   * keyed by the MAC would break.
   */
  WantedConfig keepingMacs(Map<String, String> actual) {
    Map<String, String> kept = new LinkedHashMap<>(keys);
    kept.replaceAll(
        (key, value) -> key.matches("net\\d+") ? withMac(value, actual.get(key)) : value);
    return new WantedConfig(kept, notApplied);
  }

  /**
   * {@code wanted} with the MAC of {@code actual} when it names none: a container NIC's {@code
   * hwaddr}, a VM NIC's {@code model=MAC} (or {@code macaddr}).
   */
  static String withMac(String wanted, String actual) {
    if (actual == null) {
      return wanted;
    }
    Map<String, String> want = ConfigDiff.properties(wanted);
    Map<String, String> have = ConfigDiff.properties(actual);
    if (want.containsKey("name")) { // a container NIC
      String mac = have.get("hwaddr");
      return want.containsKey("hwaddr") || mac == null ? wanted : wanted + ",hwaddr=" + mac;
    }
    String model = wanted.split(",", 2)[0];
    if (model.contains("=") || want.containsKey("macaddr")) {
      return wanted; // the inventory sets the MAC
    }
    String mac = have.get("macaddr");
    String first = actual.split(",", 2)[0];
    if (mac == null && first.contains("=")) {
      mac = first.substring(first.indexOf('=') + 1);
    }
    return mac == null ? wanted : model + "=" + mac + wanted.substring(model.length());
  }

  static String startup(Guest guest) {
    if (guest.startupOrder() == null && guest.startupDelay() == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (guest.startupOrder() != null) {
      parts.add("order=" + guest.startupOrder());
    }
    if (guest.startupDelay() != null) {
      parts.add("up=" + guest.startupDelay());
    }
    return String.join(",", parts);
  }

  static String lxcNet(NetworkInterface n, int index) {
    StringBuilder s =
        new StringBuilder("name=").append(n.name() == null ? "eth" + index : n.name());
    s.append(",bridge=").append(n.bridge() == null ? "vmbr0" : n.bridge());
    s.append(",ip=").append(n.isDhcp() ? "dhcp" : n.ip());
    if (n.gateway() != null && !n.isDhcp()) {
      s.append(",gw=").append(n.gateway());
    }
    if (n.vlan() != null) {
      s.append(",tag=").append(n.vlan());
    }
    if (n.mac() != null) {
      s.append(",hwaddr=").append(n.mac());
    }
    if (n.firewall() != null) {
      s.append(",firewall=").append(n.firewall() ? 1 : 0);
    }
    return s.toString();
  }

  static String vmNet(NetworkInterface n) {
    StringBuilder s = new StringBuilder("virtio");
    if (n.mac() != null) {
      s.append('=').append(n.mac());
    }
    s.append(",bridge=").append(n.bridge() == null ? "vmbr0" : n.bridge());
    if (n.vlan() != null) {
      s.append(",tag=").append(n.vlan());
    }
    if (n.firewall() != null) {
      s.append(",firewall=").append(n.firewall() ? 1 : 0);
    }
    return s.toString();
  }

  static String ipconfig(NetworkInterface n) {
    if (n.isDhcp()) {
      return "ip=dhcp";
    }
    return "ip=" + n.ip() + (n.gateway() == null ? "" : ",gw=" + n.gateway());
  }

  private static void put(Map<String, String> keys, String key, Object value) {
    if (value != null && !(value instanceof String s && s.isBlank())) {
      keys.put(key, value.toString());
    }
  }
}
